package io.msgr2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.msgr2.examples.Cli;
import io.msgr2.testkit.CephLab;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CLI takes Ceph's conventions against a real Pacific mon (cephx, msgr1 bound too): a
 * ceph.conf ({@code -c}: mon_host as an address vector, the keyring, the auth method and
 * modes), {@code -k}, the command's words as the ceph CLI takes them, and {@code --mon} with
 * the lab's own {@code mon_host} value.
 */
@ExtendWith(CephLabExtension.class)
@CephLabExtension.Lab(auth = "cephx", mode = "both", msgr1 = true)
class CephConventionsTest {

    @Test
    void monCommandWithTheConfAndTheKeyringAlone(CephLab lab) {
        Cli.Result r = Cli.run(List.of("mon-command", "-c", lab.conf().toString(), "-k", lab.keyring().toString(),
                "status"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(lab.fsid()), r.out());
    }

    @Test
    void monPingWithTheConfAlone(CephLab lab) {
        Cli.Result r = Cli.run(List.of("mon-ping", "-c", lab.conf().toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"fsid\": \"" + lab.fsid() + "\""), r.out());
    }

    @Test
    void monTakesTheLabsMonHostValue(CephLab lab) throws Exception {
        Matcher m = Pattern.compile("(?m)^mon host = (.*)$").matcher(Files.readString(lab.conf()));
        assertTrue(m.find());
        String monHost = m.group(1).strip();
        assertTrue(monHost.contains("v1:"), monHost);
        Cli.Result r = Cli.run(List.of("mon-ping", "--mon", monHost, "--keyring", lab.keyring().toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(lab.fsid()), r.out());
    }
}
