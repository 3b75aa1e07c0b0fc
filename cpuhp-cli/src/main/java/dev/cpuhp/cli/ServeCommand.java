package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.sysfs.http.SysfsServer;
import dev.cpuhp.sysfs.http.WritePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cpuhp serve}: a live machine's sysfs over HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a live machine's sysfs over HTTP, with the kernel's errnos as JSON, and a dashboard.",
                "",
                "  GET  /api/read?path=/sys/devices/system/cpu/online",
                "  POST /api/write  {\"path\": \"/sys/devices/system/cpu/cpu3/online\", \"value\": \"0\"}",
                "  GET  /api/list?path=/sys/devices/system/cpu",
                "  GET  /api/trace          the trace as it happens (Server-Sent Events)",
                "  GET  /api/dmesg          the kernel log",
                "  GET|PUT /fs/PATH         raw file content, for curl",
                "  GET  /                   the dashboard: the machine live, a CPU's states, boot",
                "                           playback, activity, torture (open it in a browser)",
                "  GET  /api                every endpoint, the dashboard's too",
                "",
                "Binds to 127.0.0.1; writes from any other address are refused unless a token",
                "is set (--token or CPUHP_TOKEN) and sent as `Authorization: Bearer TOKEN`.",
                "",
                "Every request gets an answer: the kernel's errno as JSON (400, 403, 404, 409,",
                "503), 405 with Allow, 404 for an unknown path, 413 for a body over 65536 bytes",
                "(refused unread), 500 with the engine's report if the engine itself fails. A",
                "trace stream writes a comment after 5 s without events, so a client that went",
                "away is let go within 10 s."})
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LiveMachineOptions live;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CPUHP_TOKEN}",
            description = "Accept writes from other machines when they carry this token.")
    String token;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(cl, "--port must be 0-65535, got " + port);
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByName(bind);
        } catch (java.net.UnknownHostException e) {
            throw new CommandLine.ParameterException(cl, "--bind " + bind + ": unknown address");
        }
        try (Machine m = live.boot(cl);
             SysfsServer server = SysfsServer.start(new SysfsTree(m), new InetSocketAddress(addr, port),
                     new WritePolicy(token == null || token.isEmpty() ? null : token))) {
            var a = server.address();
            System.out.println("cpuhp: " + m.profile().name() + " (" + m.nrCpuIds() + " CPUs) serving on http://"
                    + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
            System.out.println("cpuhp: try: curl http://" + a.getAddress().getHostAddress() + ":" + a.getPort()
                    + "/fs/sys/devices/system/cpu/online");
            System.out.println("cpuhp: the dashboard: http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        } catch (java.net.BindException e) {
            System.err.println("cpuhp serve: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
