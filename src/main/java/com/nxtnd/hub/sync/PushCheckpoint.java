package com.nxtnd.hub.sync;

import com.nxtnd.hub.nxt.NxtClient;
import com.nxtnd.hub.store.WatermarkRepository;
import org.springframework.stereotype.Component;

/**
 * Last step of route sync-push: once every page is written, the changes-feed cursor moves on (not in a dry run, not
 * when WooCommerce stopped the run: then the next run reads the same changes again).
 */
@Component("pushCheckpoint")
public class PushCheckpoint {

    private final NxtClient nxt;
    private final WatermarkRepository watermarks;

    public PushCheckpoint(NxtClient nxt, WatermarkRepository watermarks) {
        this.nxt = nxt;
        this.watermarks = watermarks;
    }

    public PushRun save(PushRun run) {
        run.throwIfStopped();
        if (run.dryRun() || run.given() != null) {
            return run;
        }
        if (run.request().incremental()) {
            if (run.cursor() != null) {
                watermarks.set(PushFeed.CURSOR, run.cursor());
            }
        } else {
            watermarks.set(PushFeed.CURSOR, nxt.changes(run.head(), 1_000_000).next());
        }
        return run;
    }

    /** doCatch of route sync-push: the failure is handed back to the caller (SyncService) through the run. */
    public void failed(PushRun run, Exception e) {
        run.stop(e instanceof RuntimeException r ? r : new IllegalStateException(e));
    }
}
