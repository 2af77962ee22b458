package io.faultline.suites.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Real answers of ZooKeeper 3.9.5 servers, kept under {@code answers/}: a {@code # what} line, then
 * the {@code srvr} answer after {@code ## srvr} and the quorum beans after {@code ## beans}.
 */
record Answers(String srvr, String beans) {

    static Answers of(String name) {
        String text;
        try (InputStream in = Answers.class.getResourceAsStream("answers/" + name + ".txt")) {
            if (in == null) {
                throw new IllegalArgumentException("no answers/" + name + ".txt beside " + Answers.class.getName());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int srvr = text.indexOf("## srvr\n");
        int beans = text.indexOf("## beans\n");
        return new Answers(text.substring(srvr + "## srvr\n".length(), beans), text.substring(beans + "## beans\n".length()));
    }

    ServerView view() {
        return ServerView.parse(srvr, beans);
    }
}
