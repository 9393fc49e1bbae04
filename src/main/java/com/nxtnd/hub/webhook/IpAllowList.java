package com.nxtnd.hub.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** CIDR allow-list ("10.0.0.0/8", "2001:db8::/32", "203.0.113.7"); empty allows every address. */
final class IpAllowList {

    private record Block(byte[] network, int prefix) {
    }

    private final List<Block> blocks;

    IpAllowList(List<String> cidrs) {
        this.blocks = cidrs == null ? List.of() : cidrs.stream().filter(s -> !s.isBlank()).map(IpAllowList::parse).toList();
    }

    boolean allows(String ip) {
        if (blocks.isEmpty()) {
            return true;
        }
        byte[] address;
        try {
            address = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        return blocks.stream().anyMatch(b -> matches(b, address));
    }

    private static boolean matches(Block block, byte[] address) {
        if (block.network().length != address.length) {
            return false;
        }
        int bits = block.prefix();
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((address[i] & mask) != (block.network()[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static Block parse(String cidr) {
        String[] parts = cidr.trim().split("/");
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
            return new Block(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("hub.webhooks.allowed-ips: '" + cidr + "' is not an IP address or CIDR block");
        }
    }
}
