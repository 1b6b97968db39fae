package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.testkit.CephLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Maven project outside the repository that depends on the installed {@code msgr2-io-blocking}
 * artifact (after {@code mvn install}, which {@code .ci/run} does first) compiles README's client
 * example and runs it against a lab mon with cephx: it prints the mon's answer.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both")
class OutsideProjectTest {
    static final String VERSION = "0.1.0-SNAPSHOT";

    @Test
    void aProjectDependingOnTheArtifactRunsReadmesExample(CephLab lab, @TempDir Path dir) throws Exception {
        Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "msgr2", "msgr2-io-blocking",
                VERSION);
        Assumptions.assumeTrue(Files.isDirectory(repo), "msgr2-io-blocking " + VERSION + " is not installed in ~/.m2 "
                + "(run mvn install first; .ci/run does): skipping the outside-project check");
        Files.writeString(dir.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>ping-mon</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>21</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>io.msgr2</groupId>
                      <artifactId>msgr2-io-blocking</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.1</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(VERSION));
        Path src = dir.resolve("src/main/java/io/msgr2/examples/readme");
        Files.createDirectories(src);
        Files.copy(Path.of("src/main/java/io/msgr2/examples/readme/PingMon.java"), src.resolve("PingMon.java"));
        Path log = dir.resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder("mvn", "-B", "compile",
                "org.codehaus.mojo:exec-maven-plugin:3.6.2:java", "-Dexec.mainClass=io.msgr2.examples.readme.PingMon",
                "-Dexec.args=127.0.0.1 " + lab.monPort() + " " + CephLab.ADMIN_KEY)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // the outside project builds with this JDK (21 or newer), as a user's would with theirs
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the outside build did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\"fsid\": \"" + lab.fsid() + "\""), out);
        assertTrue(List.of(out.split("\n")).stream().anyMatch(l -> l.contains("HEALTH_")), out);
    }
}
