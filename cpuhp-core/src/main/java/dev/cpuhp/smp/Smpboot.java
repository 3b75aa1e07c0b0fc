package dev.cpuhp.smp;

import dev.cpuhp.sched.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code kernel/smpboot.c}: the registry of per-CPU threads and the three hotplug hooks that
 * create, unpark and park them.
 */
public final class Smpboot {
    private final Scheduler scheduler;
    private final List<PercpuThread> registered = new CopyOnWriteArrayList<>();
    private final Map<PercpuThread, KThread[]> threads = new ConcurrentHashMap<>();
    private final int nrCpuIds;

    public Smpboot(Scheduler scheduler, int nrCpuIds) {
        this.scheduler = scheduler;
        this.nrCpuIds = nrCpuIds;
    }

    /**
     * {@code smpboot_register_percpu_thread()} without the CPU loop: the caller (the hotplug
     * core, which holds the read side of the hotplug lock) creates and unparks the threads of
     * the CPUs that are already online.
     */
    public void register(PercpuThread ht) {
        threads.put(ht, new KThread[nrCpuIds]);
        registered.add(ht);
    }

    /** {@code smpboot_unregister_percpu_thread()}: parks and stops every thread of {@code ht}. */
    public void unregister(PercpuThread ht) {
        registered.remove(ht);
        KThread[] ks = threads.remove(ht);
        if (ks != null) {
            for (KThread k : ks) {
                if (k != null) {
                    k.stop();
                }
            }
        }
    }

    public List<PercpuThread> registered() {
        return List.copyOf(registered);
    }

    /** The thread of {@code ht} on {@code cpu}, or null if not created yet. */
    public KThread thread(PercpuThread ht, int cpu) {
        KThread[] ks = threads.get(ht);
        return ks == null ? null : ks[cpu];
    }

    /** {@code smpboot_create_threads()} ({@code threads:prepare}): missing threads, parked. */
    public int createThreads(int cpu) {
        for (PercpuThread ht : registered) {
            createThread(ht, cpu);
        }
        return 0;
    }

    /**
     * Creates {@code ht}'s thread for {@code cpu} if missing; it parks before doing anything.
     * Callers are serialised by the hotplug lock (a transition holds the write side,
     * registration the read side plus the registration mutex), so no lock is needed here.
     */
    public KThread createThread(PercpuThread ht, int cpu) {
        KThread[] ks = threads.get(ht);
        if (ks[cpu] == null) {
            ks[cpu] = KThread.createParked(scheduler, ht.name(cpu), cpu, k -> loop(ht, k));
            ht.store(cpu, ks[cpu]);
        }
        return ks[cpu];
    }

    /** {@code smpboot_unpark_threads()} ({@code smpboot/threads:online} startup). */
    public int unparkThreads(int cpu) {
        for (PercpuThread ht : registered) {
            KThread k = thread(ht, cpu);
            if (k != null && !ht.selfParking()) {
                k.unpark();
            }
        }
        return 0;
    }

    /** {@code smpboot_park_threads()} (teardown): in reverse registration order. */
    public int parkThreads(int cpu) {
        List<PercpuThread> list = registered();
        for (int i = list.size() - 1; i >= 0; i--) {
            PercpuThread ht = list.get(i);
            KThread k = thread(ht, cpu);
            if (k != null && !ht.selfParking()) {
                k.park();
            }
        }
        return 0;
    }

    /** {@code smpboot_thread_fn()}: the loop every per-CPU thread runs. */
    private static void loop(PercpuThread ht, KThread k) {
        int cpu = k.cpu();
        boolean setUp = false;
        boolean wasParked = false;
        while (true) {
            if (k.shouldStop()) {
                return;
            }
            if (k.shouldPark()) {
                if (setUp && !wasParked) {
                    ht.park(cpu);
                    wasParked = true;
                }
                k.parkme();
                continue;
            }
            if (!setUp) {
                ht.setup(cpu);
                setUp = true;
            } else if (wasParked) {
                ht.unpark(cpu);
                wasParked = false;
            }
            if (ht.shouldRun(cpu)) {
                ht.run(cpu);
            } else {
                k.sleepUntilWoken();
            }
        }
    }
}
