package io.msgr2.codec;

import io.msgr2.spec.wire.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real Pacific conversations under {@code vectors/}, loaded from the test classpath. */
public final class Captures {
    /** One TCP connection of a capture: both directions and the frame tags the annotation lists. */
    public record Conn(String capture, String conn, Bytes clientToServer, Bytes serverToClient,
                       List<String> c2sTags, List<String> s2cTags) {
        @Override
        public String toString() {
            return capture + "/" + conn;
        }
    }

    public static final List<String> PACIFIC_CRC = List.of("pacific-a-none-crc", "pacific-b-cephx-crc");

    private Captures() {}

    public static List<Conn> pacificCrc() {
        List<Conn> out = new ArrayList<>();
        for (String c : PACIFIC_CRC) {
            for (String conn : List.of("conn1", "conn2")) {
                out.add(load(c, conn));
            }
        }
        return out;
    }

    public static Conn load(String capture, String conn) {
        Bytes c2s = resource("/vectors/" + capture + "/" + conn + "/client-to-server.bin");
        Bytes s2c = resource("/vectors/" + capture + "/" + conn + "/server-to-client.bin");
        String annotated = new String(resource("/vectors/" + capture + "/annotated.txt").toByteArray());
        return new Conn(capture, conn, c2s, s2c, tags(annotated, conn, "CLIENT -> SERVER"),
                tags(annotated, conn, "SERVER -> CLIENT"));
    }

    public static Bytes resource(String path) {
        try (InputStream in = Captures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return Bytes.wrap(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tags the annotation lists for one connection and direction, in wire order. */
    private static List<String> tags(String annotated, String conn, String direction) {
        int n = Integer.parseInt(conn.substring(4));
        String[] sections = annotated.split("(?m)^connection ");
        String section = sections[n];
        int from = section.indexOf("--- " + direction + " ---");
        int to = section.indexOf("--- ", from + 5);
        String part = to < 0 ? section.substring(from) : section.substring(from, to);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+@0x[0-9a-f]+ frame ([A-Z0-9_]+):").matcher(part);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
