package org.stackarena.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stackarena.sim.Simulation;
import org.stackarena.sim.Simulation.ObjType;

class SceneAndJudgeTest {

    private static final Condition LAB = ConditionLoader.load("lab");
    private static final Condition FIELD = ConditionLoader.load("field");

    @Test
    void everyShippedScenarioBuildsAndSettlesForBothRobots() {
        for (Scenario s : ScenarioLoader.shipped().values()) {
            for (String robot : s.robots()) {
                for (Condition c : new Condition[] {LAB, FIELD}) {
                    EpisodeInstance e = Realiser.realise(s, robot, 3, c);
                    try (Simulation sim = SceneBuilder.build(e)) {
                        sim.step(250); // 0.5 s: objects settle, the arm holds its pose
                        assertThat(sim.warningCount()).as(s.id() + "/" + robot + "/" + c.name()).isZero();
                        double[] p = new double[3];
                        for (EpisodeInstance.PlacedObject o : e.objects()) {
                            sim.readBodyPos(sim.id(ObjType.BODY, o.bodyName()), p);
                            assertThat(p[0]).as(o.bodyName()).isCloseTo(o.x(), org.assertj.core.data.Offset.offset(0.005));
                            assertThat(p[1]).as(o.bodyName()).isCloseTo(o.y(), org.assertj.core.data.Offset.offset(0.005));
                            assertThat(p[2]).as(o.bodyName() + " rests on the table")
                                .isCloseTo(o.halfExtents()[2], org.assertj.core.data.Offset.offset(0.003));
                        }
                        SuccessJudge judge = new SuccessJudge(e, sim);
                        assertThat(judge.update().status()).isEqualTo(SuccessJudge.Status.RUNNING);
                    }
                }
            }
        }
    }

    @Test
    void aSeedIsOneExactEpisode() {
        for (Scenario s : ScenarioLoader.shipped().values()) {
            EpisodeInstance a = Realiser.realise(s, "arm7", 11, FIELD);
            EpisodeInstance b = Realiser.realise(s, "arm7", 11, FIELD);
            assertThat(SceneBuilder.mjcf(b)).isEqualTo(SceneBuilder.mjcf(a));
            assertThat(b.instruction()).isEqualTo(a.instruction());
            assertThat(b.pushes()).isEqualTo(a.pushes());
            assertThat(b.sensing()).isEqualTo(a.sensing());
        }
    }

    @Test
    void everyEvaluationSeedOfEveryScenarioCanBeRealisedInBothConditions() {
        for (Scenario s : ScenarioLoader.shipped().values()) {
            for (String robot : s.robots()) {
                for (long seed : org.stackarena.seeds.SeedSet.load("full").seeds()) {
                    assertThat(Realiser.realise(s, robot, seed, FIELD).objects()).isNotEmpty();
                    assertThat(Realiser.realise(s, robot, seed, LAB).objects()).isNotEmpty();
                }
                for (long seed : org.stackarena.seeds.SeedSet.load("ci").seeds()) {
                    assertThat(Realiser.realise(s, robot, seed, FIELD).objects()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void seedsVaryTheEpisodeAndLabAndFieldShareTheLayout() {
        Scenario s = ScenarioLoader.shipped().get("pick-place");
        Set<String> instructions = new HashSet<>();
        Set<String> colours = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            EpisodeInstance lab = Realiser.realise(s, "arm7", seed, LAB);
            EpisodeInstance field = Realiser.realise(s, "arm7", seed, FIELD);
            instructions.add(lab.instruction().replaceAll("(red|orange|yellow|green|cyan|blue|purple)", "C"));
            colours.add(lab.object().color());
            assertThat(field.object().x()).isEqualTo(lab.object().x());
            assertThat(field.object().color()).isEqualTo(lab.object().color());
            assertThat(field.pad()).isEqualTo(lab.pad());
            assertThat(s.instructions()).noneMatch(t -> Realiser.fill(t, field.objects(), field.pad()).equals(field.instruction()));
            assertThat(field.objects().size()).isGreaterThan(lab.objects().size());
            // the named object's colour is unique on the table
            assertThat(lab.objects()).filteredOn(o -> o.color().equals(lab.object().color())).hasSize(1);
            assertThat(lab.pad().color()).isNotIn(lab.objects().stream().map(EpisodeInstance.PlacedObject::color).toList());
        }
        assertThat(instructions).hasSizeGreaterThanOrEqualTo(3);
        assertThat(colours).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void liftedObjectSucceedsAfterTheHoldTime() {
        EpisodeInstance e = Realiser.realise(ScenarioLoader.shipped().get("pick-lift"), "arm7", 5, LAB);
        try (Simulation sim = SceneBuilder.build(e)) {
            SuccessJudge judge = new SuccessJudge(e, sim);
            int adr = sim.jointQposAddress(sim.id(ObjType.JOINT, e.object().bodyName()));
            SuccessJudge.Verdict v = null;
            for (int i = 0; i < 600 && (v == null || v.status() == SuccessJudge.Status.RUNNING); i++) {
                sim.setQpos(adr + 2, 0.2); // hold it up kinematically, 20 cm above the table
                for (int k = 0; k < 3; k++) {
                    sim.setQvel(sim.jointDofAddress(sim.id(ObjType.JOINT, e.object().bodyName())) + k, 0);
                }
                sim.step();
                v = judge.update();
            }
            assertThat(v.status()).isEqualTo(SuccessJudge.Status.SUCCESS);
            assertThat(v.timeS()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void objectMovedOntoThePadSucceedsAndDoingNothingTimesOut() {
        EpisodeInstance e = Realiser.realise(ScenarioLoader.shipped().get("pick-place"), "arm7", 8, LAB);
        try (Simulation sim = SceneBuilder.build(e)) {
            SuccessJudge judge = new SuccessJudge(e, sim);
            for (int i = 0; i < 500; i++) {
                sim.step();
                assertThat(judge.update().status()).isEqualTo(SuccessJudge.Status.RUNNING);
            }
            assertThat(judge.timeout().reason()).isEqualTo("timeout");
            int adr = sim.jointQposAddress(sim.id(ObjType.JOINT, e.object().bodyName()));
            sim.setQpos(adr, e.pad().x());
            sim.setQpos(adr + 1, e.pad().y());
            sim.forward();
            SuccessJudge.Verdict v = null;
            for (int i = 0; i < 400 && (v == null || v.status() == SuccessJudge.Status.RUNNING); i++) {
                sim.step();
                v = judge.update();
            }
            assertThat(v.status()).isEqualTo(SuccessJudge.Status.SUCCESS);
        }
    }

    @Test
    void objectPushedOffTheTableFailsEarly() {
        EpisodeInstance e = Realiser.realise(ScenarioLoader.shipped().get("push"), "arm6", 2, LAB);
        try (Simulation sim = SceneBuilder.build(e)) {
            SuccessJudge judge = new SuccessJudge(e, sim);
            int adr = sim.jointQposAddress(sim.id(ObjType.JOINT, e.object().bodyName()));
            sim.setQpos(adr + 1, 0.6);
            sim.forward();
            sim.step();
            SuccessJudge.Verdict v = judge.update();
            assertThat(v.status()).isEqualTo(SuccessJudge.Status.FAILURE);
            assertThat(v.reason()).isEqualTo("object_off_table");
        }
    }
}
