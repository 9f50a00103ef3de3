package dev.vecmlp.cli;

import dev.vecmlp.cli.report.SystemInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vecmlp info}: the backend, vector width, threads, JDK, CPU and cores this machine offers. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the kernel backend, vector width, threads, JDK, CPU model and cores.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KernelOptions kernelOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> info = SystemInfo.describe(kernelOptions.kernels());
        int width = info.keySet().stream().mapToInt(String::length).max().orElse(0);
        info.forEach((label, value) -> out.println(label + ":" + " ".repeat(width - label.length() + 2) + value));
        out.flush();
        return 0;
    }
}
