package io.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Regressions the reliability campaign (reliability/ApiFuzzTest) found in the HTTP side of the API. */
class HttpFrontTest {
    private ToxiproxyServer server;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aConnectionStaysUsableAfterALargeBodyOnAnUnroutedPath() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] body = "x".repeat(200_000).getBytes(StandardCharsets.US_ASCII);
            out.write(("PUT /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("GET /version HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // Before: the server answered 405 and closed the connection over the unread body, so a
            // keep-alive client's next request on it got no answer.
            String answers = readUntil(socket.getInputStream(), "2.12.0");
            assertThat(answers).startsWith("HTTP/1.1 405").contains("HTTP/1.1 200").contains("\"version\"");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithAToxiproxyShapedError() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        byte[] huge = new byte[HttpFront.MAX_BODY + 1];
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/populate"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).isEqualTo("{\"error\":\"request body too large: the API takes at most 16 MiB\","
                + "\"status\":413}\n");
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/version")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            seen.write(buffer, 0, n);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }
}
