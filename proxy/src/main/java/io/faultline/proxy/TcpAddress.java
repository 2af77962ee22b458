package io.faultline.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A TCP address read and written the way Go's net package does it, because Toxiproxy's listen
 * values, its "is this the same listen address" test and its error texts all come from there:
 * "localhost:0" resolves to 127.0.0.1 (IPv4 preferred), an empty host means every interface, and
 * errors read like {@code address local373: missing port in address}.
 */
final class TcpAddress {
    /** An address Go would refuse, with Go's message. */
    static final class AddressException extends Exception {
        AddressException(String goMessage) {
            super(goMessage);
        }
    }

    /** The IP (null for "every interface") and port of a resolved address. */
    private final InetAddress ip;
    private final int port;

    private TcpAddress(InetAddress ip, int port) {
        this.ip = ip;
        this.port = port;
    }

    /** Go's {@code net.ResolveTCPAddr("tcp", address)}. */
    static TcpAddress resolve(String address) throws AddressException {
        if (address.isEmpty()) {
            return new TcpAddress(null, 0);
        }
        String[] hostPort = splitHostPort(address);
        InetAddress ip = hostPort[0].isEmpty() ? null : lookup(hostPort[0]);
        return new TcpAddress(ip, port(hostPort[1]));
    }

    /** What to bind: Go listens dual-stack on every interface for an empty or unspecified host. */
    InetSocketAddress bindAddress() {
        return ip == null || ip.isAnyLocalAddress() ? new InetSocketAddress(port) : new InetSocketAddress(ip, port);
    }

    /** Go's {@code TCPAddr.String()}: "127.0.0.1:80", "[::1]:80", ":80" when there is no IP. */
    @Override
    public String toString() {
        return joinHostPort(ip == null ? "" : ipString(ip), port);
    }

    /** How Go reports a listener's bound address: a wildcard bind shows as "[::]:port". */
    static String boundString(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        if (address.isAnyLocalAddress() && address instanceof Inet6Address) {
            return "[::]:" + bound.getPort();
        }
        return joinHostPort(ipString(address), bound.getPort());
    }

    /** Go's {@code net.SplitHostPort}. */
    static String[] splitHostPort(String hostport) throws AddressException {
        int colon = hostport.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(hostport, "missing port in address");
        }
        String host;
        int noOpenFrom = 0;
        int noCloseFrom = 0;
        if (hostport.charAt(0) == '[') {
            int end = hostport.indexOf(']');
            if (end < 0) {
                throw invalid(hostport, "missing ']' in address");
            }
            if (end + 1 == hostport.length()) {
                throw invalid(hostport, "missing port in address");
            } else if (end + 1 != colon) {
                throw invalid(hostport, hostport.charAt(end + 1) == ':' ? "too many colons in address" : "missing port in address");
            }
            host = hostport.substring(1, end);
            noOpenFrom = 1;
            noCloseFrom = end + 1;
        } else {
            host = hostport.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw invalid(hostport, "too many colons in address");
            }
        }
        if (hostport.indexOf('[', noOpenFrom) >= 0) {
            throw invalid(hostport, "unexpected '[' in address");
        }
        if (hostport.indexOf(']', noCloseFrom) >= 0) {
            throw invalid(hostport, "unexpected ']' in address");
        }
        return new String[] {host, hostport.substring(colon + 1)};
    }

    /** Go's numeric port parsing ("" is 0); service names are not looked up. */
    static int port(String service) throws AddressException {
        if (service.isEmpty()) {
            return 0;
        }
        String digits = service.startsWith("+") || service.startsWith("-") ? service.substring(1) : service;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new AddressException("lookup tcp/" + service + ": unknown port");
        }
        long value = digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (service.startsWith("-") && value != 0 || value > 0xFFFF) {
            throw invalid(service, "invalid port");
        }
        return (int) value;
    }

    /** Resolves a host for listening or dialling: IP literals as they are, names with IPv4 preferred. */
    static InetAddress lookup(String host) throws AddressException {
        try {
            if (host.indexOf(':') >= 0 || isDottedQuad(host)) {
                return InetAddress.getByName(host);
            }
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress address : all) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
            return all[0];
        } catch (UnknownHostException e) {
            throw new AddressException("lookup " + host + ": no such host");
        }
    }

    /** Every address of a host, in resolver order, for dialling (Go tries them in turn). */
    static InetAddress[] lookupAll(String host) throws UnknownHostException {
        if (host.indexOf(':') >= 0 || isDottedQuad(host)) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        return InetAddress.getAllByName(host.isEmpty() ? null : host);
    }

    private static boolean isDottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0' || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code IP.String()}: dotted IPv4, IPv6 with the first longest run of zero groups as "::". */
    static String ipString(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > runLength) {
                runStart = i;
                runLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        if (runLength < 2) {
            runStart = -1;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                s.append("::");
                i += runLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    static String joinHostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static AddressException invalid(String address, String why) {
        return new AddressException("address " + address + ": " + why);
    }
}
