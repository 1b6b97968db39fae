package io.msgr2.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CodecBench} and prints a table of throughput per format and size, with the
 * ratios the targets are stated in (decode vs bare CRC32C for crc formats, vs bare AES-GCM
 * decryption for secure formats), all measured in the same run. Arguments: {@code --quick}
 * for one short fork (a smoke run), otherwise 1 fork x 3 x 2 s after 2 x 1 s of warm-up.
 */
public final class CodecBenchReport {
    private CodecBenchReport() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(CodecBench.class.getName() + "\\.").include(BaselineBench.class.getName() + "\\.")
                .forks(1).threads(1)
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Xmx2g");
        if (quick) {
            o.param("size", "4096", "4194304");
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        Map<String, Double> opsPerSec = new HashMap<>();
        Map<String, Double> error = new HashMap<>();
        for (RunResult r : results) {
            var p = r.getParams();
            String bench = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            String format = p.getParam("format") == null ? "" : p.getParam("format") + "/";
            String buffers = p.getParam("buffers") == null ? "" : p.getParam("buffers") + "/";
            opsPerSec.put(bench + "/" + buffers + format + p.getParam("size"), r.getPrimaryResult().getScore());
            error.put(bench + "/" + buffers + format + p.getParam("size"),
                    r.getPrimaryResult().getScoreError() / r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.printf("CPU: %s; JDK: %s %s%n", cpu(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.printf("%-16s %-9s %9s %12s %12s %12s %10s %10s%n", "format", "buffers", "size", "encode GB/s",
                "decode GB/s", "base GB/s", "decode/base", "+-error");
        List<String> formats = List.of("REV1_CRC", "REV1_SECURE", "REV0_CRC", "REV0_SECURE");
        for (String f : formats) {
            for (String buffers : List.of("fresh", "recycled")) {
                for (String size : List.of("4096", "65536", "4194304")) {
                    String key = buffers + "/" + f + "/" + size;
                    Double enc = opsPerSec.get("encode/" + key);
                    Double dec = opsPerSec.get("decode/" + key);
                    boolean secure = f.endsWith("SECURE");
                    String baseKey = (secure ? "gcmDecrypt/" : "crc32c/") + size;
                    Double base = opsPerSec.get(baseKey);
                    if (enc == null || dec == null || base == null) {
                        continue;
                    }
                    double n = Long.parseLong(size) / 1e9;
                    double err = error.get("decode/" + key) + error.get(baseKey);
                    System.out.printf("%-16s %-9s %9s %12.2f %12.2f %12.2f %10.2f %9.0f%%   (base: %s)%n", f, buffers,
                            size, enc * n, dec * n, base * n, dec / base, 100 * err,
                            secure ? "AES-GCM decrypt" : "CRC32C");
                }
            }
        }
    }

    private static String cpu() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + ", " + Runtime.getRuntime().availableProcessors()
                            + " cores";
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
