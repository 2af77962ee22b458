package io.faultline.suites.ratis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.ratis.thirdparty.io.grpc.EquivalentAddressGroup;
import org.apache.ratis.thirdparty.io.grpc.NameResolver;
import org.apache.ratis.thirdparty.io.grpc.NameResolverProvider;
import org.apache.ratis.thirdparty.io.grpc.NameResolverRegistry;
import org.apache.ratis.thirdparty.io.grpc.Status;

/**
 * Makes one Ratis server reach each peer through its own link's proxy, although every server's
 * Raft configuration names each peer by the same address.
 *
 * <p>A Ratis configuration is replicated: a new leader appends its own as the first entry of its term
 * ({@code LeaderStateImpl.StartupLogEntry}), and followers adopt its peers' addresses. Per-node
 * addresses in each server's {@code RaftGroup} would therefore be replaced by the leader's view (its
 * own address unproxied, the others through the leader's proxies). So every server names peer
 * {@code nK} by the logical address {@code nK:port}, and this resolver, registered in the server's
 * JVM as gRPC's default scheme, turns {@code nK} into the proxy of this server's link to it. Names it
 * does not know resolve as host names, as gRPC's DNS resolver would.
 */
final class PeerLinks extends NameResolverProvider {
    static final String SCHEME = "faultline-link";

    private final Map<String, String> links;

    private PeerLinks(Map<String, String> links) {
        this.links = Map.copyOf(links);
    }

    /** Registers the links (logical name to the proxy's {@code host:port}) as this JVM's default name resolution. */
    static void install(Map<String, String> links) {
        NameResolverRegistry.getDefaultRegistry().register(of(links));
    }

    static PeerLinks of(Map<String, String> links) {
        return new PeerLinks(links);
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    /** Above gRPC's DNS resolver (5), so that a target without a scheme comes here. */
    @Override
    protected int priority() {
        return 6;
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) {
            return null;
        }
        String authority = target.getPath().startsWith("/") ? target.getPath().substring(1) : target.getPath();
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a Ratis peer address is host:port, got " + authority);
        }
        String host = authority.substring(0, colon);
        int port = Integer.parseInt(authority.substring(colon + 1));
        return new NameResolver() {
            private Listener2 listener;

            @Override
            public String getServiceAuthority() {
                return authority;
            }

            @Override
            public void start(Listener2 newListener) {
                listener = newListener;
                refresh();
            }

            @Override
            public void refresh() {
                // resolved at each refresh: a container's proxy may come back at another address
                String link = links.get(host);
                InetSocketAddress address = link == null ? new InetSocketAddress(host, port)
                        : new InetSocketAddress(link.substring(0, link.lastIndexOf(':')),
                                Integer.parseInt(link.substring(link.lastIndexOf(':') + 1)));
                if (address.isUnresolved()) {
                    listener.onError(Status.UNAVAILABLE.withDescription("cannot resolve " + host));
                    return;
                }
                listener.onResult(ResolutionResult.newBuilder()
                        .setAddresses(List.of(new EquivalentAddressGroup(address))).build());
            }

            @Override
            public void shutdown() {
            }
        };
    }
}
