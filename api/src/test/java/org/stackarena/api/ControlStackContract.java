package org.stackarena.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stackarena.api.harness.EeDeltaIntegrator;
import org.stackarena.api.harness.EpisodeRecord;
import org.stackarena.api.harness.EpisodeRunner;
import org.stackarena.api.harness.EpisodeSpec;
import org.stackarena.api.harness.FakeArmWorld;
import org.stackarena.api.harness.ForwardingWorld;
import org.stackarena.api.LatencyModel;
import org.stackarena.api.harness.LoopRecord;
import org.stackarena.api.harness.World;

/**
 * The contract every {@link ControlStack} must pass: extend this class, implement
 * {@link #createStack()}, and (if the stack needs a particular robot or cameras) override
 * {@link #createWorld()}.
 *
 * <p>Checks: a non-blank name; loops with unique names and positive finite rates, at least one
 * publishing {@link Commands#ACTION}; after reset every loop ticks and the stack only touches
 * declared channels; every action applied is finite and inside the declared action space (for an
 * EE_DELTA stack: the world receives the harness's integrated EE_POSE commands, inside
 * {@link EeDeltaIntegrator#POSE_SPACE}); the
 * same seed gives the same actions (also after the stack ran another episode); close is
 * idempotent. Episodes run on the real {@link EpisodeRunner} with every loop's latency forced to
 * {@code none}, so stacks that default to {@code measured} latency are still reproducible here.
 */
public abstract class ControlStackContract {

  /** A new, unreset instance of the stack under test. */
  protected abstract ControlStack createStack();

  /** The world to run it in; by default the 3-joint {@link FakeArmWorld}. */
  protected World createWorld() {
    return FakeArmWorld.builder().optTimeLimit(30).build();
  }

  /** Seed of the episodes the contract runs. */
  protected long seed() {
    return 42;
  }

  /** Sim seconds per contract episode (the world's time limit is capped to this). */
  protected double episodeSeconds() {
    return 1.0;
  }

  private Run run(ControlStack stack, long seed) {
    RecordingWorld world = new RecordingWorld(createWorld(), episodeSeconds());
    try (world) {
      EpisodeSpec spec = EpisodeSpec.of("contract", "fake-arm", seed, "lab", stack.name())
          .withVariant("", Map.of("*", LatencyModel.none()));
      EpisodeRecord record = new EpisodeRunner().run(spec, world, stack);
      return new Run(record, world.applied, world.spaces, stack.actionSpace());
    }
  }

  /** What the world received: the actions and, per action, the space passed with it. */
  private record Run(EpisodeRecord record, List<Action> applied, List<ActionSpace> spaces,
      ActionSpace space) {
  }

  @Test
  void hasANonBlankName() {
    try (ControlStack stack = createStack()) {
      assertThat(stack.name()).isNotBlank();
    }
  }

  @Test
  void declaresLoopsWithUniqueNamesAndPositiveRates() {
    try (ControlStack stack = createStack()) {
      List<LoopSpec> loops = stack.loops();
      assertThat(loops).isNotEmpty();
      Set<String> names = new HashSet<>();
      for (LoopSpec l : loops) {
        assertThat(names.add(l.name())).as("loop name '%s' is unique", l.name()).isTrue();
        assertThat(l.rateHz()).as("rate of loop '%s'", l.name()).isPositive().isFinite();
      }
      assertThat(loops).as("some loop publishes on Commands.ACTION")
          .anyMatch(l -> l.writes().contains(Commands.ACTION));
    }
  }

  @Test
  void afterResetEveryLoopTicksWithoutFailing() {
    try (ControlStack stack = createStack()) {
      Run run = run(stack, seed());
      String reason = String.valueOf(run.record().failureReason());
      assertThat(reason).as("episode failure reason").doesNotStartWith("stack_exception")
          .doesNotStartWith("invalid_action").doesNotStartWith("instability");
      for (LoopSpec l : stack.loops()) {
        LoopRecord lr = run.record().loops().get(l.name());
        assertThat(lr).as("record of loop '%s'", l.name()).isNotNull();
        assertThat(lr.ticks()).as("ticks of loop '%s'", l.name()).isPositive();
      }
    }
  }

  @Test
  void actionsAreFiniteAndInsideTheActionSpace() {
    try (ControlStack stack = createStack()) {
      Run run = run(stack, seed());
      assertThat(String.valueOf(run.record().failureReason())).as("episode failure reason")
          .doesNotStartWith("invalid_action");
      assertThat(run.applied()).as("actions applied in %s s", episodeSeconds()).isNotEmpty();
      ActionSpace expected = run.space().type() == ActionSpace.Type.EE_DELTA
          ? EeDeltaIntegrator.POSE_SPACE : run.space();
      for (int i = 0; i < run.applied().size(); i++) {
        Action a = run.applied().get(i);
        assertThat(run.spaces().get(i)).as("space the world received with %s", a).isEqualTo(expected);
        assertThat(expected.violation(a)).as("violation of %s", a).isEmpty();
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameActions() {
    List<Action> first;
    try (ControlStack stack = createStack()) {
      first = run(stack, seed()).applied();
      run(stack, seed() + 1);
      assertThat(run(stack, seed()).applied()).as("same stack, reset again").isEqualTo(first);
    }
    try (ControlStack fresh = createStack()) {
      assertThat(run(fresh, seed()).applied()).as("fresh instance").isEqualTo(first);
    }
  }

  @Test
  void theActionSpaceIsValidAfterReset() throws Exception {
    try (ControlStack stack = createStack(); World world = createWorld()) {
      world.reset(seed());
      stack.reset(new EpisodeContext("contract", "lab", seed(), world.instruction(),
          world.robot(), world.dt(), world.timeLimit()));
      ActionSpace space = stack.actionSpace();
      assertThat(space).isNotNull();
      switch (space.type()) {
        case EE_DELTA, EE_POSE -> assertThat(space.dimension()).as("%s dimension", space.type())
            .isEqualTo(6);
        default -> assertThat(space.dimension()).as("%s dimension", space.type())
            .isEqualTo(world.robot().jointCount());
      }
    }
  }

  @Test
  void closeIsIdempotent() {
    ControlStack unused = createStack();
    assertThatCode(() -> {
      unused.close();
      unused.close();
    }).doesNotThrowAnyException();
    ControlStack used = createStack();
    run(used, seed());
    assertThatCode(() -> {
      used.close();
      used.close();
    }).doesNotThrowAnyException();
  }

  /** Delegates to a world, caps its time limit and records every applied action. */
  private static final class RecordingWorld extends ForwardingWorld {
    private final double limit;
    final List<Action> applied = new ArrayList<>();
    final List<ActionSpace> spaces = new ArrayList<>();

    RecordingWorld(World w, double limit) {
      super(w);
      this.limit = limit;
    }

    @Override
    public void reset(long seed) {
      applied.clear();
      spaces.clear();
      delegate.reset(seed);
    }

    @Override
    public double timeLimit() {
      return Math.min(limit, delegate.timeLimit());
    }

    @Override
    public void apply(Action action, ActionSpace space) {
      applied.add(new Action(action.values().clone(), action.gripper()));
      spaces.add(space);
      delegate.apply(action, space);
    }
  }
}
