package io.faultline.proxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP API end to end, as a client sees it. */
class ToxiproxyServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private ToxiproxyServer server;
    private EchoServer upstream;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start("127.0.0.1", 0);
        upstream = EchoServer.echoing();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        upstream.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.url().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String createEcho(String name) throws Exception {
        HttpResponse<String> response = call("POST", "/proxies",
                "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return response.body();
    }

    @Test
    void versionIsToxiproxys() throws Exception {
        HttpResponse<String> response = call("GET", "/version", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json;charset=utf-8");
        assertThat(response.headers().firstValue("x-toxiproxy-request-id")).hasValueSatisfying(id -> assertThat(id).hasSize(20));
    }

    @Test
    void unknownPathsWrongMethodsAndBrowsers() throws Exception {
        HttpResponse<String> missing = call("GET", "/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("404 page not found\n");
        assertThat(missing.headers().firstValue("x-toxiproxy-request-id")).isEmpty();
        HttpResponse<String> wrong = call("PUT", "/proxies", "{}");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.body()).isEmpty();
        assertThat(call("GET", "/reset", null).statusCode()).isEqualTo(405);
        HttpResponse<String> browser = call("GET", "/version", null, "User-Agent", "Mozilla/5.0");
        assertThat(browser.statusCode()).isEqualTo(403);
        assertThat(browser.body()).isEqualTo("User agent not allowed\n");
        assertThat(browser.headers().firstValue("x-toxiproxy-request-id")).isPresent();
        assertThat(call("GET", "/metrics", null).statusCode()).isEqualTo(404);
    }

    @Test
    void errorsAreJsonLabelledPlainText() throws Exception {
        HttpResponse<String> response = call("GET", "/proxies/none", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"proxy not found\",\"status\":404}\n");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(call("POST", "/proxies", "").body()).isEqualTo("{\"error\":\"bad request body: EOF\",\"status\":400}\n");
    }

    @Test
    void proxyLifecycle() throws Exception {
        assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
        assertThat(createEcho("b")).matches("\\{\"name\":\"b\",\"listen\":\"127\\.0\\.0\\.1:\\d+\",\"upstream\":\""
                + upstream.address() + "\",\"enabled\":true,\"toxics\":\\[]}");
        createEcho("a");
        assertThat(call("GET", "/proxies", null).body()).startsWith("{\"a\":{\"name\":\"a\"");
        assertThat(call("POST", "/proxies", "{\"name\":\"a\",\"upstream\":\"x:1\"}").body())
                .isEqualTo("{\"error\":\"proxy already exists\",\"status\":409}\n");
        assertThat(call("POST", "/proxies", "{\"name\":\"c\",\"listen\":\"local373\",\"upstream\":\"x:1\"}").body())
                .isEqualTo("{\"error\":\"listen tcp: address local373: missing port in address\",\"status\":500}\n");
        HttpResponse<String> disabled = call("PATCH", "/proxies/a", "{\"enabled\":false}");
        assertThat(disabled.body()).contains("\"enabled\":false");
        assertThat(call("POST", "/proxies/a", "{\"listen\":\"bad\"}").body())
                .isEqualTo("{\"error\":\"address bad: missing port in address\",\"status\":500}\n");
        assertThat(call("DELETE", "/proxies/a", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/proxies/a", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aBusyListenAddressIsGosBindError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            HttpResponse<String> response = call("POST", "/proxies", "{\"name\":\"x\",\"listen\":\"localhost:"
                    + busy.getLocalPort() + "\",\"upstream\":\"x:1\"}");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"listen tcp 127.0.0.1:" + busy.getLocalPort()
                    + ": bind: address already in use\",\"status\":500}\n");
        }
        assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
    }

    @Test
    void toxicEndpoints() throws Exception {
        createEcho("p");
        assertThat(call("GET", "/proxies/p/toxics", null).body()).isEqualTo("[]");
        HttpResponse<String> created = call("POST", "/proxies/p/toxics",
                "{\"type\":\"latency\",\"stream\":\"UPSTREAM\",\"attributes\":{\"latency\":100}}");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("{\"attributes\":{\"latency\":100,\"jitter\":0},\"name\":\"latency_UPSTREAM\","
                + "\"type\":\"latency\",\"stream\":\"UPSTREAM\",\"toxicity\":1}");
        call("POST", "/proxies/p/toxics", "{\"name\":\"d\",\"type\":\"noop\"}");
        assertThat(call("GET", "/proxies/p/toxics", null).body())
                .startsWith("[{\"attributes\":{\"latency\":100,\"jitter\":0},\"name\":\"latency_UPSTREAM\"");
        assertThat(call("PATCH", "/proxies/p/toxics/latency_UPSTREAM", "{\"toxicity\":0.2}").body()).endsWith("\"toxicity\":0.2}");
        assertThat(call("GET", "/proxies/p/toxics/nope", null).body()).isEqualTo("{\"error\":\"toxic not found\",\"status\":404}\n");
        assertThat(call("DELETE", "/proxies/p/toxics/d", null).statusCode()).isEqualTo(204);
        assertThat(call("POST", "/reset", "ignored").statusCode()).isEqualTo(204);
        assertThat(call("GET", "/proxies/p/toxics", null).body()).isEqualTo("[]");
    }

    @Test
    void populateKeepsUnchangedProxiesReplacesChangedOnesAndStopsAtTheFirstFailure() throws Exception {
        String entries = "[{\"name\":\"one\",\"listen\":\"localhost:0\",\"upstream\":\"" + upstream.address() + "\"},"
                + "{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false}]";
        HttpResponse<String> first = call("POST", "/populate", entries);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(first.body()).startsWith("{\"proxies\":[{\"name\":\"one\",\"listen\":\"127.0.0.1:")
                .contains("{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":false");
        String oneListen = first.body().replaceAll(".*?\"listen\":\"(127\\.0\\.0\\.1:\\d+)\".*", "$1");
        call("POST", "/proxies/one/toxics", "{\"type\":\"noop\"}");
        HttpResponse<String> again = call("POST", "/populate", "[{\"name\":\"one\",\"listen\":\"localhost:"
                + oneListen.split(":")[1] + "\",\"upstream\":\"" + upstream.address() + "\",\"enabled\":false},"
                + "{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"y:1\"},"
                + "{\"name\":\"three\",\"listen\":\"bad\",\"upstream\":\"z:1\"},{\"name\":\"four\",\"upstream\":\"z:1\"}]");
        assertThat(again.statusCode()).isEqualTo(500);
        assertThat(again.body()).startsWith("{\"error\":\"listen tcp: address bad: missing port in address\",\"status\":500,"
                + "\"proxies\":[{\"name\":\"one\",\"listen\":\"" + oneListen + "\"")
                .contains("\"enabled\":true,\"toxics\":[{\"attributes\":{},\"name\":\"noop_downstream\"")
                .contains("\"upstream\":\"y:1\",\"enabled\":true,\"toxics\":[]");
        assertThat(call("GET", "/proxies/four", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/populate", "[{\"name\":\"x\",\"upstream\":\"a:1\"},{\"upstream\":\"b:1\"}]").body())
                .isEqualTo("{\"error\":\"missing required field: name at proxy 2\",\"status\":400,\"proxies\":null}");
        assertThat(call("POST", "/populate", "[]").body()).isEqualTo("{\"proxies\":null}");
    }

    @Test
    void proxiesCanBeCreatedWithTheirToxicsAtomically() throws Exception {
        HttpResponse<String> response = call("POST", "/proxies", "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + upstream.address() + "\",\"toxics\":[{\"type\":\"latency\",\"attributes\":{\"latency\":300}},"
                + "{\"name\":\"partition\",\"type\":\"cut\",\"stream\":\"upstream\"}]}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("\"name\":\"latency_downstream\"").contains("\"name\":\"partition\",\"type\":\"cut\"");
        HttpResponse<String> bad = call("POST", "/proxies", "{\"name\":\"q\",\"upstream\":\"a:1\",\"toxics\":[{\"type\":\"walrus\"}]}");
        assertThat(bad.body()).isEqualTo("{\"error\":\"invalid toxic type at toxic 1\",\"status\":400}\n");
        assertThat(call("GET", "/proxies/q", null).statusCode()).isEqualTo(404);
    }

    @Test
    void toxiproxyJavaDrivesIt() throws Exception {
        ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
        Proxy proxy = client.createProxy("echo", "127.0.0.1:0", upstream.address());
        Latency latency = proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 200);
        latency.setJitter(5);
        assertThat(proxy.toxics().getAll()).hasSize(1);
        assertThat(((Latency) proxy.toxics().get("slow", Latency.class)).getJitter()).isEqualTo(5);
        assertThatThrownBy(() -> proxy.toxics().latency("slow", ToxicDirection.UPSTREAM, 1))
                .hasMessage("[409] toxic already exists");
        int port = Integer.parseInt(proxy.getListen().split(":")[1]);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            assertThat(socket.getInputStream().read()).isEqualTo(1);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(190);
        }
        proxy.disable();
        assertThat(client.getProxy("echo").isEnabled()).isFalse();
        client.reset();
        assertThat(client.getProxy("echo").isEnabled()).isTrue();
        assertThat(proxy.toxics().getAll()).isEmpty();
        assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    }

    @Test
    void closeLeavesNoThreadsAndFreesThePorts() throws Exception {
        createEcho("p");
        String listen = call("GET", "/proxies/p", null).body().replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1");
        Socket open = new Socket("127.0.0.1", Integer.parseInt(listen));
        open.getOutputStream().write(1);
        assertThat(open.getInputStream().read()).isEqualTo(1);
        int apiPort = server.port();
        server.close();
        assertThat(open.getInputStream().read()).isEqualTo(-1);
        open.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("toxiproxy-") && t.isAlive());
        try (ServerSocket reuse = new ServerSocket(apiPort, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(reuse.getLocalPort()).isEqualTo(apiPort);
        }
        server = ToxiproxyServer.start("127.0.0.1", 0);
    }

    @Test
    void aBusyApiPortSaysWhatToDo() throws Exception {
        assertThatThrownBy(() -> ToxiproxyServer.start("127.0.0.1", server.port()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("port " + server.port() + " is in use; stop the other toxiproxy-server or pass --port");
    }

    @Test
    void metricsOnlyWithTheFlag() throws Exception {
        try (ToxiproxyServer metered = ToxiproxyServer.start(new ServerOptions("127.0.0.1", 0, true, 7L))) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metered.url().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        }
    }

    @Test
    void mainPrintsItsVersionAndExplainsBadFlags() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ToxiproxyServerMain.run(new String[] {"--version"}, new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString()).isEqualTo("toxiproxy-server version 2.12.0\n");
        assertThat(ToxiproxyServerMain.run(new String[] {"--bogus"}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("unknown flag --bogus").contains("usage: toxiproxy-server");
        assertThat(ToxiproxyServerMain.run(new String[] {"-port=" + server.port()}, new PrintStream(out), new PrintStream(err)))
                .isEqualTo(1);
        assertThat(err.toString()).contains("is in use");
    }
}
