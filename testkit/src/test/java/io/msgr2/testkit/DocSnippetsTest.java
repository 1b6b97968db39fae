package io.msgr2.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The code that docs/embedding.md shows is the code {@link EmbeddingExampleTest} runs. */
class DocSnippetsTest {
    @Test
    void theEmbeddingDocShowsTheTestedGlue() throws IOException {
        String test = Files.readString(Path.of("src/test/java/io/msgr2/testkit/EmbeddingExampleTest.java"));
        String begin = "// embedding snippet begin\n";
        String snippet = test.substring(test.indexOf(begin) + begin.length(), test.indexOf("// embedding snippet end"));
        String dedented = snippet.lines().map(l -> l.startsWith("        ") ? l.substring(8) : l)
                .collect(Collectors.joining("\n")).strip();
        String doc = Files.readString(Path.of("../docs/embedding.md"));
        assertTrue(doc.contains(dedented), "docs/embedding.md must show EmbeddingExampleTest's snippet verbatim");
    }
}
