package org.stackarena.pipelines.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.stackarena.api.Proprioception;
import org.stackarena.api.TaskFamily;
import org.stackarena.pipelines.PipelineConfig;
import org.stackarena.pipelines.planning.TaskPlanner.State;
import org.stackarena.scenarios.Shape;

/**
 * The planner's state machine on scripted scene estimates and proprioception, without MuJoCo: a
 * perfect arm puts the end effector where the current segment says, and the gripper closes to a
 * scripted width (the object's width on a good grasp, 0 on a miss).
 */
class TaskPlannerTest {

  private static final PipelineConfig C = PipelineConfig.defaults();
  /** A 4 cm cube resting on the table (centre 2 cm up). */
  private static final ObjectEstimate CUBE = new ObjectEstimate(0.5, 0.1, 0.02, 0, 0.02, 0.02, 0.02, Shape.CUBE, 1);
  private static final double OPEN = 0.08;
  private static final double DT = 1 / C.plannerHz();

  private static Goal pickLift() {
    return new Goal(TaskFamily.PICK_LIFT, "red", Shape.CUBE, null, null, null);
  }

  private static SceneEstimate scene(ObjectEstimate o, double t) {
    return new SceneEstimate(o, Double.NaN, Double.NaN, null, t);
  }

  /** A perfect arm under the planner, stepped at planner rate. */
  private static final class Episode {
    final TaskPlanner planner;
    /** the gripper width when closed, given the planner (its state and attempts) */
    final ToDoubleFunction<TaskPlanner> closedWidth;
    final List<State> states = new ArrayList<>();
    final double[] ee = {0.35, 0.0, 0.40};
    double t;

    Episode(Goal goal, ToDoubleFunction<TaskPlanner> closedWidth) {
      this.planner = new TaskPlanner(goal, C);
      this.closedWidth = closedWidth;
    }

    Proprioception proprio() {
      PlanCommand cmd = planner.current();
      if (cmd != null) {
        double[] pose = cmd.segment().sample(t, new double[4]);
        System.arraycopy(pose, 0, ee, 0, 3);
      }
      double width = cmd != null && cmd.gripper() > 0.5 ? closedWidth.applyAsDouble(planner) : OPEN;
      // top-down gripper at yaw 0: a half turn about y
      return new Proprioception(new double[7], new double[7], width, ee.clone(), new double[] {0, 0, 1, 0},
          Math.round(t * 1e6));
    }

    PlanCommand step(SceneEstimate scene) {
      t += DT;
      PlanCommand cmd = planner.update(t, scene, proprio());
      if (planner.state() != null && (states.isEmpty() || states.get(states.size() - 1) != planner.state())) {
        states.add(planner.state());
      }
      return cmd;
    }

    /** Steps until {@code until} is reached or {@code seconds} of sim time pass. */
    Episode run(ObjectEstimate object, State until, double seconds) {
      double end = t + seconds;
      while (t < end && planner.state() != until) {
        step(scene(object, t));
      }
      return this;
    }
  }

  @Test
  void waitsInPlaceUntilTheObjectIsSeen() {
    Episode e = new Episode(pickLift(), p -> 0.04);
    PlanCommand wait = e.step(null);
    assertThat(e.planner.state()).isNull();
    assertThat(wait.state()).isEqualTo("WAIT");
    assertThat(wait.gripper()).isZero();
    assertThat(wait.segment().end()).containsExactly(new double[] {0.35, 0.0, 0.40, 0.0}, within(1e-12));
    assertThat(e.step(scene(null, e.t))).isSameAs(wait);
    e.step(scene(CUBE, e.t));
    assertThat(e.planner.state()).isEqualTo(State.APPROACH);
  }

  @Test
  void pickLiftGoesApproachDescendCloseLiftHold() {
    Episode e = new Episode(pickLift(), p -> CUBE.graspWidth()).run(CUBE, State.HOLD, 30);
    assertThat(e.states).containsExactly(State.APPROACH, State.DESCEND, State.CLOSE, State.LIFT, State.HOLD);
    assertThat(e.planner.attempts()).isEqualTo(1);
    PlanCommand hold = e.planner.current();
    assertThat(hold.gripper()).isEqualTo(1.0);
    // held straight above the grasp point at the lift height
    assertThat(hold.segment().end()[0]).isCloseTo(CUBE.x(), within(1e-9));
    assertThat(hold.segment().end()[1]).isCloseTo(CUBE.y(), within(1e-9));
    assertThat(hold.segment().end()[2]).isCloseTo(C.liftZ(), within(1e-9));
    // and it stays there
    e.run(CUBE, null, 3);
    assertThat(e.states).endsWith(State.HOLD);
  }

  @Test
  void eachStateAimsWhereTheTaskNeedsIt() {
    Episode e = new Episode(pickLift(), p -> CUBE.graspWidth());
    e.step(scene(CUBE, 0));
    PlanCommand approach = e.planner.current();
    assertThat(approach.state()).isEqualTo("APPROACH");
    assertThat(approach.gripper()).isZero();
    assertThat(approach.segment().end()).containsExactly(
        new double[] {CUBE.x(), CUBE.y(), CUBE.top() + C.pregraspHeightM(), 0}, within(1e-9));
    e.run(CUBE, State.DESCEND, 10).step(scene(CUBE, e.t));
    PlanCommand descend = e.planner.current();
    assertThat(descend.state()).isEqualTo("DESCEND");
    assertThat(descend.gripper()).isZero();
    assertThat(descend.segment().end()[2]).isCloseTo(CUBE.z(), within(1e-9));
    e.run(CUBE, State.CLOSE, 10).step(scene(CUBE, e.t));
    assertThat(e.planner.current().gripper()).isEqualTo(1.0);
    assertThat(e.planner.current().segment().end()).containsExactly(descend.segment().end(), within(1e-9));
  }

  @Test
  void aMissedGraspReopensAndTriesAgain() {
    // the first close finds nothing between the fingers, the second closes on the cube
    Episode e = new Episode(pickLift(), p -> p.attempts() == 1 ? 0.0 : CUBE.graspWidth()).run(CUBE, State.HOLD, 60);
    assertThat(e.states).containsExactly(State.APPROACH, State.DESCEND, State.CLOSE, State.REOPEN,
        State.APPROACH, State.DESCEND, State.CLOSE, State.LIFT, State.HOLD);
    assertThat(e.planner.attempts()).isEqualTo(2);
  }

  @Test
  void anObjectLostDuringTheLiftIsGraspedAgain() {
    // the cube slips out while lifting on the first attempt
    Episode e = new Episode(pickLift(),
        p -> p.attempts() == 1 && p.state() == State.LIFT ? 0.0 : CUBE.graspWidth()).run(CUBE, State.HOLD, 60);
    assertThat(e.states).containsExactly(State.APPROACH, State.DESCEND, State.CLOSE, State.LIFT, State.REOPEN,
        State.APPROACH, State.DESCEND, State.CLOSE, State.LIFT, State.HOLD);
  }

  @Test
  void givesUpAfterTheLastAllowedAttempt() {
    Episode e = new Episode(pickLift(), p -> 0.0).run(CUBE, State.DONE, 120);
    assertThat(e.planner.state()).isEqualTo(State.DONE);
    assertThat(e.planner.attempts()).isEqualTo(C.maxGraspAttempts());
    assertThat(e.states.stream().filter(s -> s == State.CLOSE).count()).isEqualTo(C.maxGraspAttempts());
    assertThat(e.states.stream().filter(s -> s == State.REOPEN).count()).isEqualTo(C.maxGraspAttempts() - 1);
    assertThat(e.states).endsWith(State.CLOSE, State.DONE);
  }

  @Test
  void followsAMovingEstimateAndKeepsTheCommandWhileNothingChanges() {
    Episode e = new Episode(pickLift(), p -> CUBE.graspWidth());
    PlanCommand first = e.step(scene(CUBE, 0));
    assertThat(e.step(scene(CUBE, e.t))).isSameAs(first);
    // the estimate moves 5 cm (more than the replanning tolerance): a new segment to the new place
    ObjectEstimate moved = new ObjectEstimate(CUBE.x() + 0.05, CUBE.y(), CUBE.z(), 0, 0.02, 0.02, 0.02, Shape.CUBE, 1);
    PlanCommand next = e.step(scene(moved, e.t));
    assertThat(next).isNotSameAs(first);
    assertThat(next.state()).isEqualTo("APPROACH");
    assertThat(next.segment().end()[0]).isCloseTo(moved.x(), within(1e-9));
    // starting from where the old segment was at that moment: no jump in the command
    assertThat(next.segment().start()).containsExactly(first.segment().sample(e.t, new double[4]), within(1e-9));
    // a sub-millimetre jitter is below the tolerance and keeps the command
    ObjectEstimate jitter = new ObjectEstimate(moved.x() + 0.0005, moved.y(), moved.z(), 0, 0.02, 0.02, 0.02,
        Shape.CUBE, 1);
    assertThat(e.step(scene(jitter, e.t))).isSameAs(next);
  }
}
