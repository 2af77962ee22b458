package io.faultline.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, opening a page from {@code file://} and handing back the DOM after its
 * scripts ran, its console messages, and the requests the page itself made (read from Chromium's
 * net log; the browser's own update and account checks are not the page's and are left out).
 * Where Chromium is missing, tests using it fail under CI ({@code CI=true}) and are skipped, loudly,
 * elsewhere.
 */
final class Chromium {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONSOLE = Pattern.compile("CONSOLE[^\\]]*\\] \"(.*)\", source: (.*)");

    record Page(String dom, List<String> console, List<String> requests) {
        /** The DOM without its script elements, so that text in the page's script is not taken for elements. */
        String withoutScripts() {
            return dom.replaceAll("(?s)<script\\b.*?</script>", "");
        }

        /** Elements carrying {@code data-faultline="part"}. */
        int count(String part) {
            Matcher m = Pattern.compile("data-faultline=\"" + Pattern.quote(part) + "\"").matcher(withoutScripts());
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }

        String attribute(String name) {
            Matcher m = Pattern.compile(Pattern.quote(name) + "=\"([^\"]*)\"").matcher(withoutScripts());
            return m.find() ? m.group(1) : null;
        }
    }

    private Chromium() {
    }

    static Path binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String message = "headless Chromium is not installed (looked for /usr/bin/chromium); install it with "
                + "'apt-get install -y chromium' — these report tests open the page in it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + ". CI=true, so this fails rather than skips.");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        return null;
    }

    /** Opens {@code page}, lets its scripts run, and returns the DOM, console and the page's requests. */
    static Page open(Path page, Path scratch) throws IOException, InterruptedException {
        return open(page, scratch, 1400);
    }

    static Page open(Path page, Path scratch, int width) throws IOException, InterruptedException {
        Path binary = binary();
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        Path netLog = scratch.resolve("net-" + System.nanoTime() + ".json");
        Path err = scratch.resolve("chromium-" + System.nanoTime() + ".err");
        List<String> command = new ArrayList<>(flags(binary, profile, width));
        command.addAll(List.of("--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog, "--virtual-time-budget=5000",
                "--dump-dom", page.toUri().toString()));
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String dom = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s opening " + page);
        }
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(err)) {
            Matcher m = CONSOLE.matcher(line);
            if (m.find()) {
                console.add(m.group(1) + " (" + m.group(2) + ")");
            }
        }
        return new Page(dom, console, pageRequests(netLog));
    }

    /** Writes a PNG of the page as Chromium draws it. */
    static void screenshot(Path page, Path png, int width, int height, Path scratch) throws IOException, InterruptedException {
        Path binary = binary();
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        List<String> command = new ArrayList<>(flags(binary, profile, width));
        command.set(command.indexOf("--window-size=" + width + ",1000"), "--window-size=" + width + "," + height);
        command.addAll(List.of("--hide-scrollbars", "--virtual-time-budget=5000", "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s taking a screenshot of " + page);
        }
    }

    /** As the machine notes say: headless, as root, and without the browser's own background traffic. */
    static List<String> flags(Path binary, Path profile, int width) {
        return List.of(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + width + ",1000");
    }

    /**
     * URLs of requests the page started: every URL request whose initiator is an origin (a page's
     * subresource, fetch or navigation). The page's own load, and browser services, start theirs
     * with initiator "not an origin".
     */
    private static List<String> pageRequests(Path netLog) throws IOException {
        List<String> urls = new ArrayList<>();
        if (!Files.isRegularFile(netLog)) {
            return List.of("(no net log was written: cannot tell whether the page made requests)");
        }
        JsonNode log;
        try {
            log = JSON.readTree(netLog.toFile());
        } catch (IOException e) {
            // Chromium leaves the closing of its events array to a clean shutdown; close it ourselves.
            String text = Files.readString(netLog).strip();
            text = text.endsWith(",") ? text.substring(0, text.length() - 1) : text;
            log = JSON.readTree(text + "]}");
        }
        int startJob = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
        for (JsonNode event : log.path("events")) {
            JsonNode params = event.path("params");
            if (event.path("type").asInt() == startJob && params.has("url")) {
                String url = params.get("url").asText();
                String initiator = params.path("initiator").asText("");
                if (!initiator.equals("not an origin")) {
                    urls.add(url + " (initiator " + initiator + ")");
                }
            }
        }
        return urls;
    }
}
