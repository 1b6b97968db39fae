package io.msgr2.spec.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/state-table.md is generated from the code; this keeps them in step. */
class StateTableTest {
    @Test
    void committedStateTableMatchesTheCode() throws IOException {
        Path file = Path.of("..", "docs", "state-table.md");
        String generated = StateTable.markdown();
        if (Boolean.getBoolean("msgr2.golden.update")) {
            Files.writeString(file, generated);
        }
        assertEquals(generated, Files.readString(file),
                "docs/state-table.md is out of date: run mvn test -pl spec -Dmsgr2.golden.update=true");
    }
}
