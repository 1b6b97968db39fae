import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Marks a compiled module-info.class as class-file version 61 (Java 17), so that the Maven
 * plugins, which run on the machine's default Java 17 while javac runs on the JDK 21+
 * toolchain, can read the module descriptor (jar, javadoc and surefire parse it with the
 * running JVM's {@code ModuleDescriptor}, which refuses versions above its own).
 *
 * <p>A module descriptor holds no bytecode: its Module, ModulePackages and ModuleMainClass
 * attributes are the same in every class-file version since 53 (Java 9), so only the version
 * field changes. The code of the module stays Java 21. Runs on Java 17 as a source file:
 * {@code java .build/ModuleDescriptorFor17.java target/classes/module-info.class}; a missing
 * file (a module without a descriptor) is left alone.
 */
public class ModuleDescriptorFor17 {
    public static void main(String[] args) throws IOException {
        Path p = Path.of(args[0]);
        if (!Files.exists(p)) {
            return;
        }
        byte[] b = Files.readAllBytes(p);
        if (b.length < 8 || (b[0] & 0xff) != 0xca || (b[1] & 0xff) != 0xfe || (b[2] & 0xff) != 0xba
                || (b[3] & 0xff) != 0xbe) {
            throw new IOException(p + " is not a class file");
        }
        int major = (b[6] & 0xff) << 8 | (b[7] & 0xff);
        if (major > 61) {
            b[4] = 0;
            b[5] = 0;
            b[6] = 0;
            b[7] = 61;
            Files.write(p, b);
        }
    }
}
