package io.msgr2.spec.conn;

import io.msgr2.spec.frame.Tag;
import java.util.stream.Collectors;

/**
 * Renders the state table (docs/state-table.md) from the data the machine runs on:
 * {@link StateKind} and {@link Accepts#ACCEPTED}. A test fails when the committed file and
 * the code disagree ({@code -Dmsgr2.golden.update=true} rewrites it).
 */
final class StateTable {
    private StateTable() {}

    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# msgr2 connection states\n\n");
        b.append("Generated from `StateKind` and `Accepts.ACCEPTED` by `StateTable.markdown()`; a test keeps this\n");
        b.append("file and the code in step. A frame a state does not accept is a fault (`Faults.fault`, Ceph's\n");
        b.append("`_fault` rules): a lossy connection past the handshake closes with one reset notification, a\n");
        b.append("lossless one requeues and reconnects (at once from READY, after a backoff from the handshake)\n");
        b.append("or goes STANDBY. States without a TCP connection read nothing.\n\n");
        b.append("| state | awaits | accepted frames | handled in |\n");
        b.append("|---|---|---|---|\n");
        for (StateKind k : StateKind.values()) {
            String tags = Accepts.ACCEPTED.get(k).stream().map(Tag::name).collect(Collectors.joining(", "));
            b.append("| ").append(k).append(" | ").append(k.awaits()).append(" | ")
                    .append(tags.isEmpty() ? (Accepts.reads(k) ? "(a banner only)" : "-") : tags).append(" | `")
                    .append(k.handler()).append("` |\n");
        }
        b.append("\n## Transitions\n\n");
        b.append("```mermaid\nstateDiagram-v2\n");
        for (String edge : EDGES) {
            b.append("    ").append(edge).append('\n');
        }
        b.append("```\n");
        return b.toString();
    }

    /** The happy paths and the main fault edges, for the diagram (the table above is the full rule). */
    private static final String[] EDGES = {
        "[*] --> START_CONNECT: dial",
        "START_CONNECT --> BANNER_CONNECTING: TCP connected / banner",
        "BANNER_CONNECTING --> HELLO_CONNECTING: banner / HELLO",
        "HELLO_CONNECTING --> AUTH_CONNECTING: HELLO / AUTH_REQUEST",
        "AUTH_CONNECTING --> AUTH_CONNECTING: AUTH_BAD_METHOD, AUTH_REPLY_MORE",
        "AUTH_CONNECTING --> AUTH_CONNECTING_SIGN: AUTH_DONE / AUTH_SIGNATURE",
        "AUTH_CONNECTING_SIGN --> SESSION_CONNECTING: AUTH_SIGNATURE / CLIENT_IDENT",
        "AUTH_CONNECTING_SIGN --> SESSION_RECONNECTING: AUTH_SIGNATURE / SESSION_RECONNECT",
        "SESSION_CONNECTING --> READY: SERVER_IDENT",
        "SESSION_RECONNECTING --> READY: SESSION_RECONNECT_OK",
        "SESSION_RECONNECTING --> SESSION_RECONNECTING: RETRY, RETRY_GLOBAL",
        "SESSION_RECONNECTING --> SESSION_CONNECTING: SESSION_RESET / CLIENT_IDENT",
        "SESSION_CONNECTING --> WAIT: WAIT",
        "SESSION_RECONNECTING --> WAIT: WAIT",
        "WAIT --> START_CONNECT: backoff",
        "[*] --> BANNER_ACCEPTING: accept / banner",
        "BANNER_ACCEPTING --> HELLO_ACCEPTING: banner / HELLO",
        "HELLO_ACCEPTING --> AUTH_ACCEPTING: HELLO",
        "AUTH_ACCEPTING --> AUTH_ACCEPTING_MORE: AUTH_REQUEST / AUTH_REPLY_MORE",
        "AUTH_ACCEPTING_MORE --> AUTH_ACCEPTING_MORE: AUTH_REQUEST_MORE / AUTH_REPLY_MORE",
        "AUTH_ACCEPTING --> AUTH_ACCEPTING_SIGN: AUTH_REQUEST / AUTH_DONE, AUTH_SIGNATURE",
        "AUTH_ACCEPTING_MORE --> AUTH_ACCEPTING_SIGN: AUTH_REQUEST_MORE / AUTH_DONE, AUTH_SIGNATURE",
        "AUTH_ACCEPTING_SIGN --> SESSION_ACCEPTING: AUTH_SIGNATURE",
        "SESSION_ACCEPTING --> READY: SERVER_IDENT or RECONNECT_OK (maybe by an existing connection)",
        "READY --> START_CONNECT: fault (lossless, not server)",
        "READY --> STANDBY: fault (server, or nothing to send)",
        "READY --> CLOSED: fault (lossy)",
        "STANDBY --> START_CONNECT: message queued",
        "STANDBY --> SESSION_ACCEPTING: peer reconnects (takeover)",
    };
}
