package io.msgr2.examples;

import io.msgr2.io.Msgr2Connection;
import io.msgr2.io.Msgr2Listener;
import io.msgr2.io.Msgr2Messenger;
import io.msgr2.spec.conn.CloseReason;
import io.msgr2.spec.denc.DencReader;
import io.msgr2.spec.denc.DencWriter;
import io.msgr2.spec.frame.Message;
import io.msgr2.spec.wire.Bytes;
import io.msgr2.spec.wire.EntityType;
import io.msgr2.spec.wire.MessageType;
import io.msgr2.spec.wire.MsgHeader2;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A minimal mon client over {@link Msgr2Messenger}: one session, CEPH_MSG_PING and
 * MMonCommand. A CLI gives up at the first failure instead of retrying as a daemon would.
 */
final class MonSession implements AutoCloseable {
    /** Something a one-line error can say. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private final Msgr2Messenger messenger;
    private final Msgr2Connection conn;
    private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private final Duration timeout;

    MonSession(ClientOptions o) throws Failure {
        this.timeout = Duration.ofSeconds(o.timeoutSeconds());
        this.messenger = Msgr2Messenger.client(o.messenger(), new Msgr2Listener() {
            @Override
            public void onMessage(Msgr2Connection c, Message m) {
                inbox.add(m);
            }

            @Override
            public void onTransportClosed(Msgr2Connection c, CloseReason reason) {
                failed.completeExceptionally(new Failure(describe(reason)));
            }

            @Override
            public void onReset(Msgr2Connection c) {
                failed.completeExceptionally(new Failure("the mon reset the connection"));
            }
        });
        this.conn = messenger.connect(o.mon(), EntityType.MON);
        CompletableFuture<Object> ready = CompletableFuture.anyOf(failed, CompletableFuture.supplyAsync(() -> {
            try {
                return conn.awaitReady(timeout);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }));
        try {
            ready.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            close();
            Throwable c = e.getCause() instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : e.getCause();
            throw new Failure("cannot reach the mon at " + hostPort(o) + ": " + c.getMessage());
        } catch (TimeoutException e) {
            close();
            throw new Failure("no answer from the mon at " + hostPort(o) + " within " + o.timeoutSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    static String hostPort(ClientOptions o) {
        return o.mon().getHostString() + ":" + o.mon().getPort();
    }

    static String describe(CloseReason r) {
        return switch (r) {
            case CloseReason.TransportLost t -> t.detail();
            case CloseReason.WrongPeerType w -> "the peer is not a mon (entity type " + w.got() + ")";
            default -> r.describe();
        };
    }

    /** One line on what the handshake negotiated and who answered (for {@code -v}). */
    String negotiated() {
        var c = conn.snapshot();
        var peer = c.session().peer();
        return c.link().map(l -> String.format("connected as %s to %s (gid %d, global_id %s) at %s: %s, %s mode, %s "
                + "framing, compression %s, the %s transport", c.config().name(), peer.type(), peer.gid(),
                l.auth().map(x -> Long.toString(x.globalId())).orElse("?"), peer.addrs(),
                l.auth().isPresent() && !l.auth().get().sessionKey().isEmpty() ? "cephx" : "auth none",
                l.auth().map(x -> x.mode().toString()).orElse("?"), l.rev1() ? "msgr2.1" : "msgr2.0",
                l.compression().toString().toLowerCase(java.util.Locale.ROOT), messenger.stack().name()))
                .orElse("connected (" + c.kind() + ")");
    }

    /** CEPH_MSG_PING; the mon answers with a PING whose front is a string: JSON with health and mon status. */
    String ping() throws Failure {
        conn.send(new Message(MsgHeader2.of(MessageType.PING, MsgHeader2.PRIO_DEFAULT, 1, 0), Bytes.EMPTY,
                Bytes.EMPTY, Bytes.EMPTY));
        Message reply = await(m -> m.header().type() == MessageType.PING, "PING");
        DencReader r = new DencReader(reply.front());
        String json = r.string();
        if (r.failed()) {
            throw new Failure("the mon's PING reply does not decode: " + r.error().orElseThrow());
        }
        return json;
    }

    /** The cluster's fsid, from the mon's PING reply. */
    UUID fsid() throws Failure {
        String json = ping();
        var m = java.util.regex.Pattern.compile("\"fsid\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(json);
        if (!m.find()) {
            throw new Failure("no fsid in the mon's status");
        }
        return UUID.fromString(m.group(1));
    }

    /** The mon's answer to a command: result code, status string, output. */
    record CommandResult(int result, String status, Bytes output) {}

    /**
     * MMonCommand: PaxosServiceMessage header (le64 version 0, le16 session_mon -1, le64 tid
     * 0), the fsid (16 bytes), vector of strings; the ack (MSG_MON_COMMAND_ACK) carries the
     * same header, s32 result, string status, the command, and the output in the data segment.
     */
    CommandResult command(UUID fsid, String json, long tid) throws Failure {
        DencWriter w = new DencWriter();
        w.u64(0).u16(0xffff).u64(0);
        w.u64be(fsid.getMostSignificantBits()).u64be(fsid.getLeastSignificantBits());
        w.list(List.of(json), DencWriter::string);
        MsgHeader2 h = new MsgHeader2(0, tid, MessageType.MON_COMMAND, MsgHeader2.PRIO_DEFAULT, 1, 0, 0, 0, 0, 1, 0);
        conn.send(new Message(h, w.toBytes(), Bytes.EMPTY, Bytes.EMPTY));
        Message ack = await(m -> m.header().type() == MessageType.MON_COMMAND_ACK && m.header().tid() == tid,
                "MON_COMMAND_ACK");
        DencReader r = new DencReader(ack.front());
        r.u64();
        r.u16();
        r.u64();
        int result = r.u32();
        String status = r.string();
        if (r.failed()) {
            throw new Failure("the command's answer does not decode: " + r.error().orElseThrow());
        }
        return new CommandResult(result, status, ack.data());
    }

    private Message await(Predicate<Message> p, String what) throws Failure {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (failed.isCompletedExceptionally()) {
                    failed.get();
                }
                Message m = inbox.poll(50, TimeUnit.MILLISECONDS);
                if (m != null && p.test(m)) {
                    return m;
                }
            }
        } catch (ExecutionException e) {
            throw new Failure(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Failure("no " + what + " from the mon within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        messenger.close();
    }
}
