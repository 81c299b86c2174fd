/*
 * verify_models.c - checks the StackArena robot models in their example scenes.
 *
 * Build:  gcc -O2 verify_models.c -I/usr/include/mujoco -lmujoco -lm -o /tmp/verify
 * Run:    /tmp/verify MODELS_DIR            (MODELS_DIR = .../resources/org/stackarena/sim/models)
 *         /tmp/verify MODELS_DIR --find-home   (prints an IK solution for the ready pose)
 *         /tmp/verify MODELS_DIR --dt 0.001    (same checks with a 1 ms timestep)
 *
 * For each robot (arm7, arm6, arm5) it loads scene/example_<id>.xml and robots/<id>.json, then
 *   1. hold:  arm at home_qpos with ctrl = home_qpos, 5 s of simulation; the ee site must
 *             stay within 2 mm of its kinematic home position the whole time;
 *   2. grasp: the red cube at three positions, then the green cylinder and the larger blue
 *             cube: open, move above the object, descend, close, lift 15 cm, hold 2 s; the
 *             object must rise >= 12 cm and still touch both pads, within 2 cm of the ee.
 * It also checks that the front camera sees the work area and the wrist camera the grasp
 * centre, and that a 0.2 rad step of every joint setpoint settles within 1 s.
 * Motion: damped-least-squares IK (6-D task: position and orientation, from mj_jacSite) on
 * the position-servo setpoints, one small step per 2 ms tick along interpolated targets.
 * Prints PASS/FAIL per check; exit status 0 when everything passed, 1 otherwise, 2 on
 * usage or load errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mujoco.h>

#define MAXJ 8

typedef struct {
  char id[16];
  int dof;
  double home[MAXJ];
  double grip_open, grip_closed;
} Desc;

typedef struct {
  mjModel* m;
  mjData* d;      /* simulated world */
  mjData* dk;     /* kinematics of the commanded setpoints */
  int n;
  int qadr[MAXJ], dadr[MAXJ], act[MAXJ];
  double lo[MAXJ], hi[MAXJ];
  int grip_act, site, cube_body, cube_qadr, pad_l, pad_r, cube_geom;
  double qcmd[MAXJ], grip_cmd;
  double Rd[9];   /* desired ee orientation (row-major) */
  const Desc* desc;
} Rig;

static int failures = 0;
static double dt_override = 0;

static void check(const char* what, int ok, const char* detail) {
  printf("%s  %-40s %s\n", ok ? "PASS" : "FAIL", what, detail);
  if (!ok) failures++;
}

/* ---- tiny JSON field readers (the descriptor is our own, flat format) ---- */
static const char* field(const char* js, const char* key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\"", key);
  const char* p = strstr(js, pat);
  if (!p) return NULL;
  p = strchr(p + strlen(pat), ':');
  return p ? p + 1 : NULL;
}
static int read_desc(const char* path, Desc* ds) {
  FILE* f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); return 0; }
  static char buf[1 << 16];
  size_t len = fread(buf, 1, sizeof buf - 1, f);
  buf[len] = 0;
  fclose(f);
  const char* p;
  if (!(p = field(buf, "dof"))) return 0;
  ds->dof = (int)strtol(p, NULL, 10);
  if (ds->dof < 1 || ds->dof > MAXJ) return 0;
  if (!(p = field(buf, "home_qpos"))) return 0;
  p = strchr(p, '[') + 1;
  for (int i = 0; i < ds->dof; i++) {
    char* e;
    ds->home[i] = strtod(p, &e);
    if (e == p) { fprintf(stderr, "%s: home_qpos too short\n", path); return 0; }
    p = e;
    while (*p == ',' || *p == ' ' || *p == '\n') p++;
  }
  if (!(p = field(buf, "gripper_open"))) return 0;
  ds->grip_open = strtod(p, NULL);
  if (!(p = field(buf, "gripper_closed"))) return 0;
  ds->grip_closed = strtod(p, NULL);
  return 1;
}

static int need(int id, const char* what) {
  if (id < 0) { fprintf(stderr, "model has no %s\n", what); exit(2); }
  return id;
}

static void rig_init(Rig* r, mjModel* m, const Desc* ds) {
  char name[64];
  memset(r, 0, sizeof *r);
  r->m = m; r->desc = ds; r->n = ds->dof;
  r->d = mj_makeData(m);
  r->dk = mj_makeData(m);
  for (int i = 0; i < r->n; i++) {
    snprintf(name, sizeof name, "%s/joint%d", ds->id, i + 1);
    int j = need(mj_name2id(m, mjOBJ_JOINT, name), name);
    r->qadr[i] = m->jnt_qposadr[j];
    r->dadr[i] = m->jnt_dofadr[j];
    r->lo[i] = m->jnt_range[2 * j];
    r->hi[i] = m->jnt_range[2 * j + 1];
    snprintf(name, sizeof name, "%s/act%d", ds->id, i + 1);
    r->act[i] = need(mj_name2id(m, mjOBJ_ACTUATOR, name), name);
  }
  snprintf(name, sizeof name, "%s/gripper", ds->id);
  r->grip_act = need(mj_name2id(m, mjOBJ_ACTUATOR, name), name);
  r->site = need(mj_name2id(m, mjOBJ_SITE, "ee"), "site ee");
  need(mj_name2id(m, mjOBJ_CAMERA, "wrist"), "camera wrist");
  need(mj_name2id(m, mjOBJ_CAMERA, "front"), "camera front");
  snprintf(name, sizeof name, "%s/pad_left", ds->id);
  r->pad_l = need(mj_name2id(m, mjOBJ_GEOM, name), name);
  snprintf(name, sizeof name, "%s/pad_right", ds->id);
  r->pad_r = need(mj_name2id(m, mjOBJ_GEOM, name), name);
  /* ee z down, ee y along world +y, ee x along world -x (a rotation of pi about y). */
  double R[9] = {-1, 0, 0, 0, 1, 0, 0, 0, -1};
  memcpy(r->Rd, R, sizeof R);
}

static void rig_free(Rig* r) {
  mj_deleteData(r->d);
  mj_deleteData(r->dk);
}

/* Fingers: set both finger joints (the names are fixed by convention). */
static void set_fingers(Rig* r, mjData* d, double open) {
  char name[64];
  const char* fn[2] = {"finger_left", "finger_right"};
  for (int k = 0; k < 2; k++) {
    snprintf(name, sizeof name, "%s/%s", r->desc->id, fn[k]);
    int j = need(mj_name2id(r->m, mjOBJ_JOINT, name), name);
    d->qpos[r->m->jnt_qposadr[j]] = open;
  }
}

/* Put the arm at q (qpos, ctrl, commanded setpoints), gripper open, everything at rest. */
static void rig_reset(Rig* r, const double* q) {
  mj_resetData(r->m, r->d);
  for (int i = 0; i < r->n; i++) {
    r->d->qpos[r->qadr[i]] = q[i];
    r->qcmd[i] = q[i];
    r->d->ctrl[r->act[i]] = q[i];
  }
  r->grip_cmd = r->desc->grip_open;
  r->d->ctrl[r->grip_act] = r->grip_cmd;
  set_fingers(r, r->d, r->desc->grip_open);
  mj_forward(r->m, r->d);
  mju_copy(r->dk->qpos, r->d->qpos, r->m->nq);
}

/* One damped-least-squares step on q (length n) towards (tp, Rd) using data dk.
   Returns the task-space error norm before the step. */
static double ik_step(Rig* r, double* q, const double* tp, const double* Rd,
                      const double* qrest, double lambda, double maxstep, double knull) {
  mjModel* m = r->m;
  mjData* dk = r->dk;
  int n = r->n, nv = m->nv;
  for (int i = 0; i < n; i++) dk->qpos[r->qadr[i]] = q[i];
  mj_kinematics(m, dk);
  mj_comPos(m, dk);
  static double jp[3 * 64], jr[3 * 64];
  if (nv > 64) { fprintf(stderr, "nv too large\n"); exit(2); }
  mj_jacSite(m, dk, jp, jr, r->site);
  double J[6 * MAXJ];
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < n; i++) {
      J[k * n + i] = jp[k * nv + r->dadr[i]];
      J[(k + 3) * n + i] = jr[k * nv + r->dadr[i]];
    }
  const double* p = dk->site_xpos + 3 * r->site;
  const double* R = dk->site_xmat + 9 * r->site;
  double e[6];
  for (int k = 0; k < 3; k++) e[k] = tp[k] - p[k];
  double er[3] = {0, 0, 0};
  for (int c = 0; c < 3; c++) {
    double a[3] = {R[c], R[3 + c], R[6 + c]}, b[3] = {Rd[c], Rd[3 + c], Rd[6 + c]}, x[3];
    mju_cross(x, a, b);
    for (int k = 0; k < 3; k++) er[k] += 0.5 * x[k];
  }
  for (int k = 0; k < 3; k++) e[3 + k] = er[k];
  double err = mju_norm(e, 6);
  /* A = J J' + lambda^2 I */
  double A[36];
  for (int a = 0; a < 6; a++)
    for (int b = 0; b < 6; b++) {
      double s = 0;
      for (int i = 0; i < n; i++) s += J[a * n + i] * J[b * n + i];
      A[a * 6 + b] = s + (a == b ? lambda * lambda : 0);
    }
  mju_cholFactor(A, 6, 1e-12);
  double y[6], dq[MAXJ];
  mju_cholSolve(y, A, e, 6);
  for (int i = 0; i < n; i++) {
    dq[i] = 0;
    for (int a = 0; a < 6; a++) dq[i] += J[a * n + i] * y[a];
  }
  if (qrest && knull > 0) {  /* posture term, projected away from the task */
    double z[MAXJ], Jz[6], w[6];
    for (int i = 0; i < n; i++) z[i] = knull * (qrest[i] - q[i]);
    for (int a = 0; a < 6; a++) {
      Jz[a] = 0;
      for (int i = 0; i < n; i++) Jz[a] += J[a * n + i] * z[i];
    }
    mju_cholSolve(w, A, Jz, 6);
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int a = 0; a < 6; a++) s += J[a * n + i] * w[a];
      dq[i] += z[i] - s;
    }
  }
  double nrm = mju_norm(dq, n);
  if (nrm > maxstep) mju_scl(dq, dq, maxstep / nrm, n);
  for (int i = 0; i < n; i++) {
    q[i] += dq[i];
    if (q[i] < r->lo[i] + 1e-3) q[i] = r->lo[i] + 1e-3;
    if (q[i] > r->hi[i] - 1e-3) q[i] = r->hi[i] - 1e-3;
  }
  return err;
}

/* Commanded ee position (kinematics of the setpoints). */
static void cmd_ee(Rig* r, double* out) {
  for (int i = 0; i < r->n; i++) r->dk->qpos[r->qadr[i]] = r->qcmd[i];
  mj_kinematics(r->m, r->dk);
  mju_copy3(out, r->dk->site_xpos + 3 * r->site);
}

static void step(Rig* r) {
  for (int i = 0; i < r->n; i++) r->d->ctrl[r->act[i]] = r->qcmd[i];
  r->d->ctrl[r->grip_act] = r->grip_cmd;
  mj_step(r->m, r->d);
}

static void wait_s(Rig* r, double T) {
  int steps = (int)(T / r->m->opt.timestep + 0.5);
  for (int s = 0; s < steps; s++) step(r);
}

/* Move the commanded ee in a straight line to goal over T seconds (smoothstep timing). */
static void move_to(Rig* r, const double* goal, double T) {
  double start[3], tp[3];
  cmd_ee(r, start);
  int steps = (int)(T / r->m->opt.timestep + 0.5);
  for (int s = 1; s <= steps; s++) {
    double t = (double)s / steps, a = t * t * (3 - 2 * t);
    for (int k = 0; k < 3; k++) tp[k] = start[k] + a * (goal[k] - start[k]);
    ik_step(r, r->qcmd, tp, r->Rd, r->desc->home, 0.02, 0.02, 0.002);
    step(r);
  }
  for (int s = 0; s < 50; s++) {  /* converge the setpoint onto the goal */
    ik_step(r, r->qcmd, goal, r->Rd, r->desc->home, 0.02, 0.02, 0.002);
    step(r);
  }
}

static int pad_touches_cube(Rig* r, int pad) {
  for (int i = 0; i < r->d->ncon; i++) {
    const mjContact* c = r->d->contact + i;
    if ((c->geom1 == pad && c->geom2 == r->cube_geom) || (c->geom2 == pad && c->geom1 == r->cube_geom))
      return 1;
  }
  return 0;
}

static void find_home(mjModel* m, const Desc* ds, const double* seed) {
  Rig r;
  rig_init(&r, m, ds);
  double q[MAXJ];
  memcpy(q, seed, sizeof(double) * ds->dof);
  double tp[3] = {0.45, 0.0, 0.45};
  double err = 0;
  for (int it = 0; it < 5000; it++) err = ik_step(&r, q, tp, r.Rd, seed, 0.01, 0.05, 0.01);
  printf("%s home (IK err %.2e): [", ds->id, err);
  for (int i = 0; i < ds->dof; i++) printf("%s%.4f", i ? ", " : "", q[i]);
  printf("]\n");
  rig_free(&r);
}

/* Project a world point through the named camera; returns 1 if it is inside the image. */
static int in_view(const mjModel* m, const mjData* d, int cam, const double* pw, double* uv) {
  const double* c = d->cam_xpos + 3 * cam;
  const double* R = d->cam_xmat + 9 * cam;
  double v[3] = {pw[0] - c[0], pw[1] - c[1], pw[2] - c[2]}, pc[3];
  mju_mulMatTVec(pc, R, v, 3, 3);
  double depth = -pc[2];
  double t = tan(m->cam_fovy[cam] * M_PI / 360.0);
  uv[0] = pc[0] / depth / t;
  uv[1] = pc[1] / depth / t;
  return depth > 0 && fabs(uv[0]) <= 1 && fabs(uv[1]) <= 1;
}

static void verify(const char* dir, const char* id, int findhome) {
  char path[1024], err[1000], det[256];
  Desc ds;
  memset(&ds, 0, sizeof ds);
  snprintf(ds.id, sizeof ds.id, "%s", id);
  snprintf(path, sizeof path, "%s/robots/%s.json", dir, id);
  if (!read_desc(path, &ds)) { fprintf(stderr, "bad descriptor %s\n", path); exit(2); }
  snprintf(path, sizeof path, "%s/scene/example_%s.xml", dir, id);
  mjModel* m = mj_loadXML(path, NULL, err, sizeof err);
  if (!m) { printf("FAIL  load %s: %s\n", path, err); exit(1); }
  printf("== %s: %s (nq=%d nv=%d nu=%d nbody=%d ngeom=%d)\n", id, path, m->nq, m->nv, m->nu,
         m->nbody, m->ngeom);
  if (dt_override > 0) m->opt.timestep = dt_override;
  printf("   timestep %.4f s, integrator %d\n", m->opt.timestep, m->opt.integrator);
  if (findhome) { find_home(m, &ds, ds.home); mj_deleteModel(m); return; }

  Rig r;
  rig_init(&r, m, &ds);

  /* mass of the moving arm, and the mass-matrix diagonal at home (for tuning damping) */
  double marm = 0;
  int base = mj_name2id(m, mjOBJ_BODY, (snprintf(path, sizeof path, "%s/base", id), path));
  for (int b = 1; b < m->nbody; b++)
    if (b != base && m->body_rootid[b] == base) marm += m->body_mass[b];
  rig_reset(&r, ds.home);
  printf("   moving mass %.2f kg (base %.2f kg); M diag at home:", marm, m->body_mass[base]);
  for (int i = 0; i < r.n; i++) printf(" %.3f", r.d->qM[m->dof_Madr[r.dadr[i]]]);
  printf("\n   gravity torque at home / kp (rad):");
  for (int i = 0; i < r.n; i++)
    printf(" %.1f/%.0f=%.4f", r.d->qfrc_bias[r.dadr[i]], m->actuator_gainprm[mjNGAIN * r.act[i]],
           r.d->qfrc_bias[r.dadr[i]] / m->actuator_gainprm[mjNGAIN * r.act[i]]);
  printf("\n");

  /* ---- 1. hold at home ---- */
  double ee0[3], R0[9];
  mju_copy3(ee0, r.d->site_xpos + 3 * r.site);
  mju_copy(R0, r.d->site_xmat + 9 * r.site, 9);
  printf("   home ee = (%.3f, %.3f, %.3f), ee z axis = (%.2f, %.2f, %.2f)\n", ee0[0], ee0[1], ee0[2],
         R0[2], R0[5], R0[8]);
  double maxdev = 0, dev_late = 0, ee_half[3] = {0};
  for (int s = 0; s < 2500; s++) {
    step(&r);
    double dx[3];
    mju_sub3(dx, r.d->site_xpos + 3 * r.site, ee0);
    double dv = mju_norm3(dx);
    if (dv > maxdev) maxdev = dv;
    if (s == 249) mju_copy3(ee_half, r.d->site_xpos + 3 * r.site);
    if (s > 249) {
      mju_sub3(dx, r.d->site_xpos + 3 * r.site, ee_half);
      if (mju_norm3(dx) > dev_late) dev_late = mju_norm3(dx);
    }
  }
  double dfin[3];
  mju_sub3(dfin, r.d->site_xpos + 3 * r.site, ee0);
  snprintf(det, sizeof det, "max dev %.2f mm, final sag %.2f mm; drift 0.5-5 s %.3f mm", 1e3 * maxdev,
           1e3 * mju_norm3(dfin), 1e3 * dev_late);
  check("hold home 5 s, ee within 2 mm", maxdev < 0.002, det);
  int cam = mj_name2id(m, mjOBJ_CAMERA, "front");
  double pts[6][3] = {{0.15, -0.35, 0}, {0.15, 0.35, 0}, {0.85, -0.35, 0}, {0.85, 0.35, 0},
                      {0, 0, 0}, {0, 0, 0}};
  mju_copy3(pts[5], ee0);
  int allin = 1;
  char* q = det;
  q += sprintf(q, "uv:");
  for (int k = 0; k < 6; k++) {
    double uv[2];
    allin &= in_view(m, r.d, cam, pts[k], uv);
    q += sprintf(q, " (%.2f,%.2f)", uv[0], uv[1]);
  }
  check("front camera sees work area + ee", allin, det);
  {
    int wc = mj_name2id(m, mjOBJ_CAMERA, "wrist");
    double below[3] = {ee0[0], ee0[1], 0.0}, uv1[2], uv2[2];
    int ok1 = in_view(m, r.d, wc, ee0, uv1), ok2 = in_view(m, r.d, wc, below, uv2), ok = ok1 && ok2;
    snprintf(det, sizeof det, "uv ee (%.2f,%.2f), table under ee (%.2f,%.2f)", uv1[0], uv1[1], uv2[0], uv2[1]);
    check("wrist camera sees grasp centre + table", ok, det);
  }

  /* ---- step response: every joint setpoint jumps by 0.2 rad at once ---- */
  {
    rig_reset(&r, ds.home);
    int nwarn0 = r.d->warning[mjWARN_BADQACC].number;
    for (int i = 0; i < r.n; i++) {
      double t = ds.home[i] + (i % 2 ? -0.2 : 0.2);
      r.qcmd[i] = mju_clip(t, r.lo[i], r.hi[i]);
    }
    double peak = 0, tsettle = -1;
    int steps = (int)(2.0 / m->opt.timestep + 0.5);
    for (int s = 0; s < steps; s++) {
      step(&r);
      double emax = 0;
      for (int i = 0; i < r.n; i++) {
        double e = fabs(r.d->qpos[r.qadr[i]] - r.qcmd[i]);
        if (e > emax) emax = e;
        double v = fabs(r.d->qvel[r.dadr[i]]);
        if (v > peak) peak = v;
      }
      if (emax > 0.005) tsettle = -1;
      else if (tsettle < 0) tsettle = (s + 1) * m->opt.timestep;
    }
    int ok = tsettle > 0 && tsettle < 1.0 && r.d->warning[mjWARN_BADQACC].number == nwarn0;
    snprintf(det, sizeof det, "settles to 5 mrad in %.3f s, peak joint speed %.2f rad/s", tsettle, peak);
    check("0.2 rad setpoint step settles < 1 s", ok, det);
  }

  /* ---- 2. scripted grasps ---- */
  struct { const char* obj; double x, y; } cases[] = {
      {"obj/red_cube", 0.45, 0.0}, {"obj/red_cube", 0.58, 0.16}, {"obj/red_cube", 0.37, -0.18},
      {"obj/green_cylinder", 0.52, -0.06}, {"obj/blue_cube", 0.40, 0.10}};
  for (int c = 0; c < (int)(sizeof cases / sizeof cases[0]); c++) {
    r.cube_body = need(mj_name2id(m, mjOBJ_BODY, cases[c].obj), cases[c].obj);
    r.cube_geom = need(mj_name2id(m, mjOBJ_GEOM, cases[c].obj), cases[c].obj);
    r.cube_qadr = m->jnt_qposadr[m->body_jntadr[r.cube_body]];
    double half = m->geom_size[3 * r.cube_geom + (m->geom_type[r.cube_geom] == mjGEOM_BOX ? 2 : 1)];
    rig_reset(&r, ds.home);
    double* cq = r.d->qpos + r.cube_qadr;
    cq[0] = cases[c].x; cq[1] = cases[c].y; cq[2] = half + 0.0005;
    cq[3] = 1; cq[4] = cq[5] = cq[6] = 0;
    mj_forward(m, r.d);
    wait_s(&r, 0.3);
    double z0 = r.d->xpos[3 * r.cube_body + 2];
    double cx = r.d->xpos[3 * r.cube_body], cy = r.d->xpos[3 * r.cube_body + 1];
    double above[3] = {cx, cy, z0 + 0.15}, at[3] = {cx, cy, z0 + 0.003}, up[3] = {cx, cy, z0 + 0.153};
    r.grip_cmd = ds.grip_open;
    move_to(&r, above, 1.5);
    move_to(&r, at, 1.2);
    wait_s(&r, 0.2);
    r.grip_cmd = ds.grip_closed;
    wait_s(&r, 0.6);
    move_to(&r, up, 1.5);
    wait_s(&r, 2.0);
    double z1 = r.d->xpos[3 * r.cube_body + 2], dx[3];
    mju_sub3(dx, r.d->xpos + 3 * r.cube_body, r.d->site_xpos + 3 * r.site);
    int pl = pad_touches_cube(&r, r.pad_l), pr = pad_touches_cube(&r, r.pad_r);
    int held = pl && pr && mju_norm3(dx) < 0.02;
    snprintf(det, sizeof det, "%s at (%.2f,%.2f): rise %.1f mm, obj-ee %.1f mm, pads %d%d",
             cases[c].obj + 4, cases[c].x, cases[c].y, 1e3 * (z1 - z0), 1e3 * mju_norm3(dx), pl, pr);
    char what[64];
    snprintf(what, sizeof what, "grasp+lift #%d, rise >= 120 mm, held", c + 1);
    check(what, z1 - z0 >= 0.12 && held, det);
  }
  rig_free(&r);
  mj_deleteModel(m);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s MODELS_DIR [--find-home] [--dt SECONDS] [robot ids...]\n", argv[0]);
    return 2;
  }
  int findhome = 0, nid = 0;
  const char* ids[8];
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--find-home")) findhome = 1;
    else if (!strcmp(argv[i], "--dt") && i + 1 < argc) dt_override = atof(argv[++i]);
    else if (nid < 8) ids[nid++] = argv[i];
  }
  if (!nid) { ids[0] = "arm7"; ids[1] = "arm6"; ids[2] = "arm5"; nid = 3; }
  for (int i = 0; i < nid; i++) verify(argv[1], ids[i], findhome);
  if (!findhome) printf("%s: %d failed check(s)\n", failures ? "FAIL" : "PASS", failures);
  return failures ? 1 : 0;
}
