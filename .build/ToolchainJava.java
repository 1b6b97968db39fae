import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Links the java executable of the JVM running this file to the path given, so that a plugin
 * that is not toolchain-aware (PIT's forked minions) can run on the JDK 21+ toolchain that
 * Maven's select-jdk-toolchain discovered: exec-maven-plugin runs this source file with the
 * toolchain's {@code java}, and the link points at that JDK's {@code bin/java}.
 * {@code java .build/ToolchainJava.java target/toolchain-java}; an existing link is replaced.
 */
public class ToolchainJava {
    public static void main(String[] args) throws IOException {
        Path link = Path.of(args[0]);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        Files.createDirectories(link.toAbsolutePath().getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, java);
        System.out.println(link + " -> " + java + " (Java " + Runtime.version().feature() + ")");
    }
}
