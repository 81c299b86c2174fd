#!/usr/bin/env python3
"""Checks a v3.0 dataset's MP4 files with PyAV (libav through Python, as LeRobot's pyav video backend decodes them)
against an .npy dataset of the same episodes: frame times at i / fps within each file, and pixels.

Usage (Debian: apt-get install python3-av python3-numpy):
  /usr/bin/python3 policies/tools/check_lerobot_video.py NPY_DATASET V3_DATASET [FPS]
"""
import glob, json, sys
import av, numpy as np
npy, v3 = sys.argv[1], sys.argv[2]
fps = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
eps = sorted((json.loads(l) for l in open(f"{npy}/meta/episodes.jsonl")), key=lambda e: e["episode_index"])
for cam in ("front", "wrist"):
    want = np.concatenate([np.load(f"{npy}/data/chunk-000/episode_{e['episode_index']:06d}/observation.images.{cam}.npy") for e in eps])
    files = sorted(glob.glob(f"{v3}/videos/observation.images.{cam}/chunk-*/file-*.mp4"))
    frames, times = [], []
    for f in files:
        with av.open(f) as c:
            s = c.streams.video[0]
            for i, fr in enumerate(c.decode(s)):
                times.append(float(fr.pts * s.time_base) - i / fps); frames.append(fr.to_ndarray(format="rgb24"))
    got = np.stack(frames)
    t_err = max(abs(t) for t in times)
    print(f"{cam}: {len(files)} file(s), {got.shape[0]} frames (npy {want.shape[0]}), max |pts - i/fps| (i within its file) = {t_err:.2e} s, "
          f"max abs pixel error {np.abs(got.astype(int) - want.astype(int)).max()}")
