package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.examples.readme.PingMon;
import io.msgr2.testkit.CephLab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** README's client example is {@link PingMon}, verbatim, and it prints a real mon's answer, with cephx and without. */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both")
class ReadmeClientTest {

    @Test
    void readmeShowsPingMonVerbatim() throws Exception {
        String src = Files.readString(Path.of("src/main/java/io/msgr2/examples/readme/PingMon.java"));
        String body = src.substring(src.indexOf("import ")).strip();
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains("```java\n" + body + "\n```"), "README.md must show PingMon.java verbatim");
    }

    @Test
    void pingMonPrintsTheMonsAnswer(CephLab lab) throws Exception {
        String out = run("127.0.0.1", Integer.toString(lab.monPort()), CephLab.ADMIN_KEY);
        assertTrue(out.contains("\"fsid\": \"" + lab.fsid() + "\""), out);
    }

    static synchronized String run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            PingMon.main(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
