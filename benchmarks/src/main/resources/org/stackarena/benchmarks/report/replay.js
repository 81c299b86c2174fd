// StackArena report: 3D replay of recorded episodes and their loop timelines.
// Runs as a module script inside report.html. three.js (from the org.webjars.npm:three WebJar) is
// embedded as text in <script type="text/plain"> elements and imported through blob URLs, so the page
// needs no network. Recordings (stackarena-recording/1, gzip'd JSON) are embedded base64 and
// decompressed with the browser's DecompressionStream when an episode is picked.
// window.stackarenaReplay is the page's handle for tests and for the curious (see ReplayBrowserTest).

const t0 = performance.now();
const root = document.getElementById('replay');

function blobUrl(text) {
  return URL.createObjectURL(new Blob([text], {type: 'text/javascript'}));
}
function libText(id) {
  return document.getElementById(id).textContent;
}
const coreUrl = blobUrl(libText('lib-three-core'));
const threeUrl = blobUrl(libText('lib-three').split('"./three.core.min.js"').join(JSON.stringify(coreUrl)));
const orbitUrl = blobUrl(libText('lib-orbit').replace(/from\s*'three'\s*;/, 'from ' + JSON.stringify(threeUrl) + ';'));
const THREE = await import(threeUrl);
const {OrbitControls} = await import(orbitUrl);

const index = JSON.parse(document.getElementById('recordings').textContent);
const COLORS = {goal: '#1f77b4', phase: '#555', grasp: '#2ca02c', release: '#2ca02c', success: '#2ca02c',
  failure: '#d62728', chunk: '#ff7f0e', miss: '#d62728', tick: '#333', latency: 'rgba(31,119,180,0.6)'};

// ------------------------------------------------------------------ decoding

async function decode(entry) {
  if (entry.decoded) {
    return entry.decoded;
  }
  const bin = atob(entry.gz);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) {
    bytes[i] = bin.charCodeAt(i);
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const doc = JSON.parse(await new Response(stream).text());
  if (doc.format !== 'stackarena-recording/1') {
    throw new Error('unknown recording format ' + doc.format);
  }
  const undelta = (a) => {
    const out = new Float64Array(a.length);
    let acc = 0;
    for (let i = 0; i < a.length; i++) {
      acc += a[i];
      out[i] = acc;
    }
    return out;
  };
  const fr = doc.frames;
  const times = Array.from(undelta(fr.t_us), (t) => t / 1e6);
  const stride = fr.bodies.length * 7;
  const poses = new Float64Array(fr.pose.length);
  for (let i = 0; i < fr.pose.length; i++) {
    poses[i] = fr.pose[i] + (i >= stride ? poses[i - stride] : 0);
  }
  for (let f = 0; f < times.length; f++) {
    for (let b = 0; b < fr.bodies.length; b++) {
      const o = f * stride + b * 7;
      for (let c = 0; c < 3; c++) {
        poses[o + c] *= fr.pos_unit_m;
      }
      for (let c = 3; c < 7; c++) {
        poses[o + c] *= fr.quat_unit;
      }
    }
  }
  const loops = doc.loops.map((l) => ({
    name: l.name, role: l.role, rate: l.rate_hz, model: l.latency_model,
    start: Array.from(undelta(l.start_us), (t) => t / 1e6),
    latency: l.latency_us.map((x) => x / 1e6),
    missAt: Array.from(undelta(l.miss_us), (t) => t / 1e6),
    missCount: l.miss_count,
    chunks: Array.from(undelta(l.chunk_us), (t) => t / 1e6),
  }));
  entry.decoded = {doc, times, poses, stride, loops, end: doc.episode.sim_time_s,
    events: doc.events.map((e) => ({...e, t: e.t_us / 1e6}))};
  return entry.decoded;
}

// ------------------------------------------------------------------ 3D view

function geometryOf(g) {
  const [a, b, c] = g.size;
  let geo;
  switch (g.type) {
    case 'box': geo = new THREE.BoxGeometry(2 * a, 2 * b, 2 * c); break;
    case 'sphere': geo = new THREE.SphereGeometry(a, 24, 16); break;
    case 'ellipsoid': geo = new THREE.SphereGeometry(1, 24, 16); geo.scale(a, b, c); break;
    case 'cylinder': geo = new THREE.CylinderGeometry(a, a, 2 * b, 32); geo.rotateX(Math.PI / 2); break;
    case 'capsule': geo = new THREE.CapsuleGeometry(a, 2 * b, 8, 24); geo.rotateX(Math.PI / 2); break;
    case 'plane': geo = new THREE.PlaneGeometry(a > 0 ? 2 * a : 4, b > 0 ? 2 * b : 4); break;
    default: return null;
  }
  return geo;
}

class View {
  constructor(el) {
    this.el = el;
    this.canvas = el.querySelector('canvas');
    this.caption = el.querySelector('.caption');
    this.renderer = new THREE.WebGLRenderer({canvas: this.canvas, antialias: true, preserveDrawingBuffer: true});
    this.renderer.setPixelRatio(1);
    this.renderer.setSize(this.canvas.width, this.canvas.height, false);
    this.camera = new THREE.PerspectiveCamera(40, this.canvas.width / this.canvas.height, 0.01, 20);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(1.4, 0.85, 0.85);
    this.controls = new OrbitControls(this.camera, this.canvas);
    this.controls.target.set(0.4, 0, 0.18);
    this.controls.update();
    this.controls.addEventListener('change', () => this.draw());
    this.rec = null;
    this.frames = 0;
  }

  setRecording(rec) {
    this.rec = rec;
    const scene = new THREE.Scene();
    scene.background = new THREE.Color(0xeef2f6);
    scene.add(new THREE.HemisphereLight(0xffffff, 0x888888, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(1, -1, 2);
    scene.add(sun);
    const d = rec.doc;
    this.groups = d.bodies.map((b) => {
      const grp = new THREE.Group();
      const p = b.pose0;
      grp.position.set(p[0], p[1], p[2]);
      grp.quaternion.set(p[4], p[5], p[6], p[3]);
      grp.name = b.name;
      scene.add(grp);
      return grp;
    });
    for (const g of d.geoms) {
      const geo = geometryOf(g);
      if (!geo) {
        continue;
      }
      const [r, gg, bb, a] = g.rgba;
      // MuJoCo's rgba are display (sRGB) colours
      const mat = new THREE.MeshStandardMaterial({color: new THREE.Color().setRGB(r, gg, bb, THREE.SRGBColorSpace),
        roughness: 0.8, metalness: 0.0,
        transparent: a < 1, opacity: a, side: g.type === 'plane' ? THREE.DoubleSide : THREE.FrontSide});
      const mesh = new THREE.Mesh(geo, mat);
      mesh.position.set(g.pos[0], g.pos[1], g.pos[2]);
      mesh.quaternion.set(g.quat[1], g.quat[2], g.quat[3], g.quat[0]);
      mesh.name = g.name;
      this.groups[g.body].add(mesh);
    }
    this.scene = scene;
    this.objectGroup = this.groups[d.bodies.findIndex((b) => b.name === d.final_object.body)];
    const e = d.episode;
    this.caption.textContent = e.stack + (e.variant ? '@' + e.variant : '') + ' | ' + e.scenario + ' | ' + e.condition
      + ' | seed ' + e.seed + ' | "' + d.instruction + '" | '
      + (e.success ? 'success at ' + e.time_to_success_s.toFixed(2) + ' s' : 'failure: ' + e.failure_reason);
  }

  /** Poses every moving body at sim time t (seconds), interpolating between frames. */
  pose(t) {
    const r = this.rec;
    if (!r) {
      return;
    }
    const ts = r.times;
    let i = 0;
    let hi = ts.length - 1;
    if (t >= ts[hi]) {
      i = hi;
    } else {
      let lo = 0;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (ts[mid] <= t) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      i = lo;
    }
    const j = Math.min(i + 1, ts.length - 1);
    const w = j === i ? 0 : Math.max(0, Math.min(1, (t - ts[i]) / (ts[j] - ts[i])));
    const qa = new THREE.Quaternion();
    const qb = new THREE.Quaternion();
    const bodies = r.doc.frames.bodies;
    for (let b = 0; b < bodies.length; b++) {
      const oa = i * r.stride + b * 7;
      const ob = j * r.stride + b * 7;
      const grp = this.groups[bodies[b]];
      const P = r.poses;
      grp.position.set(P[oa] + w * (P[ob] - P[oa]), P[oa + 1] + w * (P[ob + 1] - P[oa + 1]),
        P[oa + 2] + w * (P[ob + 2] - P[oa + 2]));
      qa.set(P[oa + 4], P[oa + 5], P[oa + 6], P[oa + 3]).normalize();
      qb.set(P[ob + 4], P[ob + 5], P[ob + 6], P[ob + 3]).normalize();
      grp.quaternion.copy(qa.slerp(qb, w));
    }
  }

  draw() {
    if (!this.scene) {
      return;
    }
    this.renderer.render(this.scene, this.camera);
    this.frames++;
    if (state.firstFrameMs === null) {
      state.firstFrameMs = performance.now();
    }
  }

  clear() {
    this.rec = null;
    this.scene = null;
    this.caption.textContent = '';
    this.renderer.clear();
  }
}

// ------------------------------------------------------------------ timeline

const LABEL_W = 120;
const LANE_H = 24;
const EVENT_H = 28;
const AXIS_H = 22;

class Timeline {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.rec = null;
    this.hits = [];
    canvas.addEventListener('mousemove', (ev) => this.hover(ev));
    canvas.addEventListener('mouseleave', () => tip.hide());
    canvas.addEventListener('mousedown', (ev) => {
      this.dragging = true;
      this.seekAt(ev);
    });
    window.addEventListener('mouseup', () => {
      this.dragging = false;
    });
    canvas.addEventListener('mousemove', (ev) => {
      if (this.dragging) {
        this.seekAt(ev);
      }
    });
  }

  setRecording(rec) {
    this.rec = rec;
    const lanes = rec ? rec.loops.length : 0;
    this.canvas.style.display = rec ? 'block' : 'none';
    this.canvas.height = EVENT_H + lanes * LANE_H + AXIS_H;
    this.canvas.dataset.lanes = String(lanes);
  }

  /** The visible time window [t0, t1] for cursor t and the shared zoom. */
  window(t) {
    const span = state.zoom > 0 ? Math.min(state.zoom, state.duration) : state.duration;
    let a = t - span / 2;
    a = Math.max(0, Math.min(a, state.duration - span));
    return [a, a + span];
  }

  x(t, w) {
    return LABEL_W + (t - w[0]) / (w[1] - w[0]) * (this.canvas.width - LABEL_W - 8);
  }

  time(x, w) {
    return w[0] + (x - LABEL_W) / (this.canvas.width - LABEL_W - 8) * (w[1] - w[0]);
  }

  seekAt(ev) {
    const r = this.canvas.getBoundingClientRect();
    const x = (ev.clientX - r.left) * this.canvas.width / r.width;
    if (x >= LABEL_W) {
      api.seek(this.time(x, this.window(state.t)));
    }
  }

  draw(t) {
    const c = this.ctx;
    const W = this.canvas.width;
    const H = this.canvas.height;
    c.clearRect(0, 0, W, H);
    if (!this.rec) {
      return;
    }
    const w = this.window(t);
    const hits = [];
    c.font = '11px sans-serif';
    c.textBaseline = 'middle';
    // events row
    c.fillStyle = '#fafafa';
    c.fillRect(0, 0, W, EVENT_H);
    c.fillStyle = '#222';
    c.fillText('events', 6, EVENT_H / 2);
    for (const e of this.rec.events) {
      if (e.t < w[0] || e.t > w[1]) {
        continue;
      }
      const x = this.x(e.t, w);
      c.fillStyle = COLORS[e.kind] || '#777';
      c.strokeStyle = c.fillStyle;
      const y = EVENT_H / 2;
      c.beginPath();
      if (e.kind === 'goal') {
        c.moveTo(x, y - 6); c.lineTo(x + 5, y); c.lineTo(x, y + 6); c.lineTo(x - 5, y); c.closePath(); c.fill();
      } else if (e.kind === 'grasp') {
        c.moveTo(x - 5, y - 6); c.lineTo(x + 5, y - 6); c.lineTo(x, y + 5); c.closePath(); c.fill();
      } else if (e.kind === 'release') {
        c.moveTo(x - 5, y + 6); c.lineTo(x + 5, y + 6); c.lineTo(x, y - 5); c.closePath(); c.stroke();
      } else if (e.kind === 'success' || e.kind === 'failure') {
        c.fillRect(x - 2, 2, 4, EVENT_H - 4);
      } else {
        c.fillRect(x - 1, 3, 2, EVENT_H - 6);
      }
      hits.push({x, y0: 0, y1: EVENT_H, text: e.t.toFixed(3) + ' s  ' + e.kind + (e.loop ? ' (' + e.loop + ')' : '')
        + ': ' + e.label + (e.value ? ' ' + JSON.stringify(e.value) : '')});
    }
    // lanes
    this.rec.loops.forEach((l, k) => {
      const y0 = EVENT_H + k * LANE_H;
      c.fillStyle = k % 2 ? '#ffffff' : '#f4f6f8';
      c.fillRect(0, y0, W, LANE_H);
      c.fillStyle = '#222';
      c.fillText(l.name + ' ' + (l.rate >= 10 ? l.rate.toFixed(0) : l.rate.toFixed(1)) + ' Hz', 6, y0 + LANE_H / 2);
      // latency bars (tick -> visibility), then tick marks
      const lo = lowerBound(l.start, w[0] - 2);
      for (let i = lo; i < l.start.length && l.start[i] <= w[1]; i++) {
        const xs = this.x(l.start[i], w);
        const xv = this.x(l.start[i] + l.latency[i], w);
        if (xv > LABEL_W) {
          c.fillStyle = COLORS.latency;
          c.fillRect(Math.max(LABEL_W, xs), y0 + 7, Math.max(1, xv - Math.max(LABEL_W, xs)), LANE_H - 14);
        }
        if (l.start[i] >= w[0]) {
          c.fillStyle = COLORS.tick;
          c.fillRect(xs, y0 + 4, 1, LANE_H - 8);
          hits.push({x: xs, y0, y1: y0 + LANE_H, text: l.name + ' tick ' + i + ' at ' + l.start[i].toFixed(3)
            + ' s, modelled latency ' + (l.latency[i] * 1000).toFixed(1) + ' ms, visible at '
            + (l.start[i] + l.latency[i]).toFixed(3) + ' s (' + l.model + ')'});
        }
      }
      for (const tc of l.chunks) {
        if (tc < w[0] || tc > w[1]) {
          continue;
        }
        const x = this.x(tc, w);
        c.fillStyle = COLORS.chunk;
        c.beginPath();
        c.moveTo(x - 3, y0 + LANE_H - 1); c.lineTo(x + 3, y0 + LANE_H - 1); c.lineTo(x, y0 + LANE_H - 6);
        c.closePath();
        c.fill();
        hits.push({x, y0: y0 + LANE_H - 8, y1: y0 + LANE_H, text: l.name + ': action chunk visible at '
          + tc.toFixed(3) + ' s'});
      }
      l.missAt.forEach((tm, i) => {
        if (tm < w[0] || tm > w[1]) {
          return;
        }
        const x = this.x(tm, w);
        c.fillStyle = COLORS.miss;
        c.fillRect(x - 1, y0 + 2, 2, LANE_H - 4);
        hits.push({x, y0, y1: y0 + LANE_H, text: l.name + ': ' + l.missCount[i] + ' deadline(s) missed at '
          + tm.toFixed(3) + ' s (still busy: the previous output was not visible yet)'});
      });
    });
    // axis
    const ya = H - AXIS_H;
    c.fillStyle = '#222';
    c.fillRect(LABEL_W, ya, W - LABEL_W - 8, 1);
    const span = w[1] - w[0];
    const step = niceStep(span / 8);
    for (let s = Math.ceil(w[0] / step) * step; s <= w[1] + 1e-9; s += step) {
      const x = this.x(s, w);
      c.fillRect(x, ya, 1, 4);
      c.fillText(s.toFixed(step < 0.1 ? 2 : 1) + ' s', x - 10, ya + 13);
    }
    // the episode's end, then the cursor
    if (this.rec.end <= w[1]) {
      c.fillStyle = 'rgba(0,0,0,0.08)';
      const xe = this.x(this.rec.end, w);
      c.fillRect(xe, 0, W - xe, ya);
    }
    const xc = this.x(Math.min(t, state.duration), w);
    c.fillStyle = '#d62728';
    c.fillRect(xc - 1, 0, 2, ya);
    this.hits = hits;
    this.cursorX = xc;
  }

  hover(ev) {
    const r = this.canvas.getBoundingClientRect();
    const x = (ev.clientX - r.left) * this.canvas.width / r.width;
    const y = (ev.clientY - r.top) * this.canvas.height / r.height;
    let best = null;
    let bd = 5;
    for (const h of this.hits) {
      const d = Math.abs(h.x - x);
      if (y >= h.y0 && y <= h.y1 && d < bd) {
        best = h;
        bd = d;
      }
    }
    if (best) {
      tip.show(ev.clientX, ev.clientY, best.text);
    } else {
      tip.hide();
    }
  }
}

function lowerBound(a, v) {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] < v) {
      lo = m + 1;
    } else {
      hi = m;
    }
  }
  return lo;
}

function niceStep(x) {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  const m = x / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

// ------------------------------------------------------------------ tooltips (the page's #tip element)

const tip = {
  el: document.getElementById('tip'),
  show(x, y, text) {
    this.el.textContent = text;
    this.el.style.display = 'block';
    this.el.style.left = (x + window.scrollX + 12) + 'px';
    this.el.style.top = (y + window.scrollY + 12) + 'px';
  },
  hide() {
    this.el.style.display = 'none';
  },
};

// ------------------------------------------------------------------ the player

const state = {t: 0, playing: false, speed: 1, zoom: 0, duration: 1, firstFrameMs: null};
const views = [new View(root.querySelector('#view-a')), new View(root.querySelector('#view-b'))];
const timelines = [new Timeline(root.querySelector('#timeline-a')), new Timeline(root.querySelector('#timeline-b'))];
const picks = [root.querySelector('#pick-a'), root.querySelector('#pick-b')];
const scrub = root.querySelector('#scrub');
const clock = root.querySelector('#clock');
const playButton = root.querySelector('#play');

index.forEach((e, i) => {
  for (const p of picks) {
    const o = document.createElement('option');
    o.value = String(i);
    o.textContent = e.label;
    p.appendChild(o);
  }
});

/** The default partner of episode i: the same scenario, condition and seed, another stack. */
function partner(i) {
  const a = index[i];
  const same = (e) => e.scenario === a.scenario && e.condition === a.condition && e.seed === a.seed
    && e.robot === a.robot;
  const j = index.findIndex((e, k) => k !== i && same(e) && e.stack !== a.stack);
  return j >= 0 ? j : -1;
}

async function pick(slot, i) {
  picks[slot].value = String(i);
  const rec = i >= 0 ? await decode(index[i]) : null;
  if (rec) {
    views[slot].setRecording(rec);
  } else {
    views[slot].clear();
  }
  views[slot].el.style.display = rec ? '' : 'none';
  timelines[slot].setRecording(rec);
  state.duration = Math.max(...views.filter((v) => v.rec).map((v) => v.rec.end), 0.001);
  scrub.max = String(state.duration);
  scrub.step = '0.002';
  render();
}

function render() {
  const t = state.t;
  for (const v of views) {
    if (v.rec) {
      v.pose(Math.min(t, v.rec.end));
      v.draw();
    }
  }
  timelines.forEach((tl) => tl.draw(t));
  scrub.value = String(t);
  clock.textContent = t.toFixed(3) + ' s / ' + state.duration.toFixed(3) + ' s';
}

let last = null;
function frame(now) {
  if (state.playing) {
    if (last !== null) {
      state.t = Math.min(state.duration, state.t + (now - last) / 1000 * state.speed);
      if (state.t >= state.duration) {
        state.playing = false;
        playButton.textContent = 'play';
      }
      render();
    }
    last = now;
  } else {
    last = null;
  }
  requestAnimationFrame(frame);
}

playButton.addEventListener('click', () => (state.playing ? api.pause() : api.play()));
scrub.addEventListener('input', () => api.seek(Number(scrub.value)));
root.querySelector('#speed').addEventListener('change', (ev) => {
  state.speed = Number(ev.target.value);
});
root.querySelector('#zoom').addEventListener('change', (ev) => {
  state.zoom = Number(ev.target.value);
  render();
});
picks[0].addEventListener('change', () => pick(0, Number(picks[0].value)));
picks[1].addEventListener('change', () => pick(1, Number(picks[1].value)));

const api = {
  seek(t) {
    state.t = Math.max(0, Math.min(Number(t), state.duration));
    render();
    return state.t;
  },
  play() {
    if (state.t >= state.duration) {
      state.t = 0;
    }
    state.playing = true;
    playButton.textContent = 'pause';
  },
  pause() {
    state.playing = false;
    playButton.textContent = 'play';
  },
  pick,
  state,
  views,
  timelines,
  index,
  /** Per view: the sim time it shows, and where its recorded object is drawn (world pose and pixel). */
  probe(slot) {
    const v = views[slot];
    if (!v.rec) {
      return null;
    }
    const p = new THREE.Vector3();
    v.objectGroup.getWorldPosition(p);
    const ndc = p.clone().project(v.camera);
    const w = v.canvas.width;
    const h = v.canvas.height;
    const px = Math.round((ndc.x + 1) / 2 * w);
    const py = Math.round((1 - ndc.y) / 2 * h);
    const gl = v.renderer.getContext();
    const rgba = new Uint8Array(4);
    gl.readPixels(px, h - 1 - py, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
    const obj = v.rec.doc.geoms.find((g) => v.rec.doc.bodies[g.body].name === v.rec.doc.final_object.body);
    return {shows: Math.min(state.t, v.rec.end), end: v.rec.end, object: [p.x, p.y, p.z],
      finalObject: v.rec.doc.final_object.pos, pixel: [px, py], rgba: Array.from(rgba),
      objectRgba: obj ? obj.rgba : null, frames: v.frames, lanes: v.rec.loops.length,
      loops: v.rec.loops.map((l) => l.name), timelineLanes: Number(timelines[slot].canvas.dataset.lanes),
      timelineCursorX: timelines[slot].cursorX};
  },
  /** Distinct colours in a view's canvas (sampled on a grid): a blank canvas has one. */
  colours(slot) {
    const v = views[slot];
    const gl = v.renderer.getContext();
    const w = v.canvas.width;
    const h = v.canvas.height;
    const px = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
    const seen = new Set();
    for (let y = 0; y < h; y += 4) {
      for (let x = 0; x < w; x += 4) {
        const o = (y * w + x) * 4;
        seen.add((px[o] << 16) | (px[o + 1] << 8) | px[o + 2]);
      }
    }
    return seen.size;
  },
  firstFrameMs: () => (state.firstFrameMs === null ? null : state.firstFrameMs - t0),
  pageFirstFrameMs: () => state.firstFrameMs,
};
window.stackarenaReplay = api;

const wanted = new URLSearchParams(location.hash.slice(1));
const first = wanted.has('a') ? Number(wanted.get('a')) : 0;
await pick(0, first);
await pick(1, wanted.has('b') ? Number(wanted.get('b')) : partner(first));
requestAnimationFrame(frame);
root.dataset.ready = 'true';
