package com.nxtnd.hub.sync;

/**
 * Where a sync run is: the phase it is in (pull:product, pull:customer, pull:order, push, inventory) and the next
 * WooCommerce page of that phase, read in pages of {@code pageSize} (null in checkpoints stored before it was kept:
 * the pages were of 100 then). A job taken over after its hub died starts from here.
 */
public record SyncCheckpoint(String phase, int page, Integer pageSize) {

    public static final SyncCheckpoint START = new SyncCheckpoint(null, 1, null);

    public SyncCheckpoint(String phase, int page) {
        this(phase, page, null);
    }

    /**
     * The page to start from when reading pages of {@code size}. A checkpoint taken with another page size (an
     * operator changed {@code hub.pull.page-size} between a failure and its resume) starts at the page holding its
     * first unread record, so nothing is skipped; a few records may be read again, which writes nothing.
     */
    public int startPage(int size) {
        int was = pageSize == null ? PullPages.PAGE_SIZE : pageSize;
        if (was == size || page <= 1) {
            return page;
        }
        return (int) ((long) (page - 1) * was / size) + 1;
    }
}
