package dev.reissued.renewal;

import dev.reissued.renewal.Checkpoints.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A scripted scheduler for real threads: each actor runs real code until it reaches one of its
 * {@link Checkpoints} and parks there; the scheduler then lets exactly one actor go on to its next
 * point. So a whole run is one sequence of choices, the same sequence always gives the same run,
 * and a depth-first search over the choices ({@link #explore}) runs every order of the actors'
 * steps, the way a systematic concurrency tester does.
 *
 * <p>Besides "let actor X go on", a choice may be a <em>crash</em> of a process: its actors stay
 * parked for good (as after SIGKILL, nothing of theirs runs again) and {@code onCrash} drops what
 * the process held in the database.
 */
final class Interleaving {
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  /** Thrown into a crashed process's parked threads once the run is over, to unwind them. */
  static final class Crashed extends Error {
    Crashed() {
      super("the process was crashed by the interleaving test", null, false, false);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Actor> actors = new LinkedHashMap<>();
  private final Map<String, Runnable> crashes = new LinkedHashMap<>();
  private final List<String> trace = new ArrayList<>();

  private enum State {
    PARKED,
    RUNNING,
    FINISHED
  }

  private final class Actor {
    final String name;
    final String process;
    final Runnable body;
    State state = State.PARKED;
    String parkedAt = "start";
    String reported = "start";
    boolean mayGo;
    boolean crashed;
    Throwable failure;
    Thread thread;

    Actor(String name, String process, Runnable body) {
      this.name = name;
      this.process = process;
      this.body = body;
    }
  }

  /** An actor of {@code process} that runs {@code body}; it starts parked. */
  void actor(String name, String process, Runnable body) {
    actors.put(name, new Actor(name, process, body));
  }

  /** Allows a crash of {@code process} as a choice at any step while one of its actors is alive. */
  void crashable(String process, Runnable onCrash) {
    crashes.put(process, onCrash);
  }

  /**
   * The checkpoints of one process: each point parks the thread as the actor {@code owner} maps it
   * to.
   */
  Checkpoints checkpoints(java.util.function.Function<Point, String> owner) {
    return (point, reissueId) -> park(owner.apply(point), point.name());
  }

  /** The run so far, one entry per choice: who went on from where. */
  List<String> trace() {
    return List.copyOf(trace);
  }

  /**
   * Runs to the end following {@code script} for the first choices and the first option after that;
   * returns how many options each choice had, for the search.
   */
  List<Integer> run(List<Integer> script) {
    for (Actor actor : actors.values()) {
      actor.thread =
          new Thread(
              () -> {
                try {
                  awaitStart(actor);
                  actor.body.run();
                } catch (Crashed crashed) {
                  // unwound after the run: a crashed process does nothing more
                } catch (Throwable failure) {
                  actor.failure = failure;
                } finally {
                  finish(actor);
                }
              },
              "interleaving-" + actor.name);
      actor.thread.setDaemon(true);
      actor.thread.start();
    }
    List<Integer> widths = new ArrayList<>();
    while (true) {
      awaitAllParkedOrDone();
      List<Consumer<Void>> options = options();
      if (options.isEmpty()) {
        break;
      }
      int choice = widths.size() < script.size() ? script.get(widths.size()) : 0;
      widths.add(options.size());
      options.get(choice).accept(null);
      awaitAllParkedOrDone();
      noteWhereActorsStand();
    }
    for (Actor actor : actors.values()) {
      if (actor.failure != null) {
        throw new AssertionError(
            actor.name + " failed after " + String.join(" → ", trace), actor.failure);
      }
    }
    return widths;
  }

  /** Unwinds the threads of crashed processes; call after the run's results are checked. */
  void close() {
    lock.lock();
    try {
      for (Actor actor : actors.values()) {
        actor.mayGo = true;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Actor actor : actors.values()) {
      try {
        actor.thread.join(STEP_TIMEOUT.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<Consumer<Void>> options() {
    lock.lock();
    try {
      List<Consumer<Void>> options = new ArrayList<>();
      for (Actor actor : actors.values()) {
        if (actor.state == State.PARKED && !actor.crashed) {
          options.add(ignored -> release(actor));
        }
      }
      for (var crash : crashes.entrySet()) {
        boolean alive =
            actors.values().stream()
                .anyMatch(
                    a ->
                        a.process.equals(crash.getKey())
                            && !a.crashed
                            && a.state != State.FINISHED);
        if (alive) {
          options.add(ignored -> crash(crash.getKey(), crash.getValue()));
        }
      }
      return options;
    } finally {
      lock.unlock();
    }
  }

  private void release(Actor actor) {
    lock.lock();
    try {
      actor.state = State.RUNNING;
      actor.mayGo = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Adds to the trace each actor that moved: "P1.pass→SENDING", or "→end" when it returned. */
  private void noteWhereActorsStand() {
    lock.lock();
    try {
      for (Actor actor : actors.values()) {
        String at = actor.state == State.FINISHED ? "end" : actor.parkedAt;
        if (!at.equals(actor.reported) && !actor.crashed) {
          trace.add(actor.name + "→" + at);
          actor.reported = at;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void crash(String process, Runnable onCrash) {
    lock.lock();
    try {
      trace.add("crash " + process);
      for (Actor actor : actors.values()) {
        if (actor.process.equals(process)) {
          actor.crashed = true;
        }
      }
    } finally {
      lock.unlock();
    }
    onCrash.run();
  }

  private void park(String name, String at) {
    Actor actor = actors.get(name);
    if (actor == null) {
      throw new IllegalStateException("no actor " + name + " to park at " + at);
    }
    lock.lock();
    try {
      if (actor.crashed) {
        throw new Crashed();
      }
      actor.state = State.PARKED;
      actor.parkedAt = at;
      actor.mayGo = false;
      changed.signalAll();
      while (!actor.mayGo) {
        changed.awaitUninterruptibly();
      }
      if (actor.crashed) {
        throw new Crashed();
      }
      actor.state = State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  private void awaitStart(Actor actor) {
    lock.lock();
    try {
      while (!actor.mayGo) {
        changed.awaitUninterruptibly();
      }
      if (actor.crashed) {
        throw new Crashed();
      }
    } finally {
      lock.unlock();
    }
  }

  private void finish(Actor actor) {
    lock.lock();
    try {
      actor.state = State.FINISHED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitAllParkedOrDone() {
    lock.lock();
    try {
      long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
      while (actors.values().stream().anyMatch(a -> a.state == State.RUNNING && !a.crashed)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "an actor reached no checkpoint within "
                  + STEP_TIMEOUT.toSeconds()
                  + " s after "
                  + String.join(" → ", trace));
        }
        try {
          changed.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", interrupted);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** What {@link #explore} is told about each complete run. */
  interface Runner {
    /** Builds a fresh world, runs it with {@code script} and checks it; returns the widths. */
    List<Integer> run(List<Integer> script);
  }

  /**
   * Every sequence of choices, depth first: after a run, the last choice that still has an untried
   * option is advanced and everything after it starts again from the first option.
   *
   * @return how many complete runs there were
   */
  static int explore(Runner runner, int limit) {
    List<Integer> script = new ArrayList<>();
    int runs = 0;
    while (true) {
      List<Integer> widths = runner.run(script);
      runs++;
      if (runs > limit) {
        throw new AssertionError("more than " + limit + " interleavings; the model grew too big");
      }
      List<Integer> taken = new ArrayList<>(script);
      while (taken.size() < widths.size()) {
        taken.add(0);
      }
      int last = taken.size() - 1;
      while (last >= 0 && taken.get(last) + 1 >= widths.get(last)) {
        last--;
      }
      if (last < 0) {
        return runs;
      }
      script = new ArrayList<>(taken.subList(0, last + 1));
      script.set(last, script.get(last) + 1);
    }
  }
}
