#!/usr/bin/python3
"""Exports the example TorchScript policy (policy.pt) and the test-only NaN policy.

What the example does, honestly: it moves the gripper to a fixed point 25 cm above the table
centre in front of the robot (base frame x=0.45 m, y=0, z=0.25 m) with a proportional law and holds
it there, gripper open. It is not a trained policy and does not look for the object: the image
branch (a strided conv and a linear layer) is part of the graph so that the image input, its
normalisation and its shape check are exercised, but its output weights are zero, so the image
never changes the action.

Interface (see policies/POLICY_DIRECTORY.md):
  system2(image[1,3,64,64]) -> latent[1,3]          target point (image term is zero)
  system1(latent[1,3], state[1,8]) -> action[1,10,7] chunk of 10 EE deltas + gripper, normalised
  forward(image, state) = system1(system2(image), state)
state = ee_pos(3), ee_quat(4, w x y z), gripper_width(1), in metres (identity normalisation).
Each action row is (dx, dy, dz, droll, dpitch, dyaw, gripper) with the translation divided by
0.02 m and the rotation by 0.05 rad (policy.json un-normalises with std = 0.02 / 0.05).

Run with Debian's python3-torch (1.13): /usr/bin/python3 export.py
Writes policy.pt next to this file and nan.pt into the policies test resources.
"""
import os

import torch
from torch import nn

TARGET = (0.45, 0.0, 0.25)
GAIN = 0.5        # fraction of the remaining distance covered per chunk step
MAX_STEP = 0.02   # metres per chunk step (0.05 s)
CHUNK = 10
IMAGE = (64, 64)


class FixedPointPolicy(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 2, kernel_size=4, stride=4)  # 64x64 -> 2 x 16 x 16
        self.head = nn.Linear(2 * (IMAGE[0] // 4) * (IMAGE[1] // 4), 3)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)
        self.register_buffer("target", torch.tensor([TARGET], dtype=torch.float32))
        self.chunk: int = CHUNK
        self.gain: float = GAIN
        self.max_step: float = MAX_STEP

    @torch.jit.export
    def system2(self, image: torch.Tensor) -> torch.Tensor:
        f = torch.relu(self.conv(image)).flatten(1)
        return self.target + self.head(f)

    @torch.jit.export
    def system1(self, latent: torch.Tensor, state: torch.Tensor) -> torch.Tensor:
        pos = state[:, 0:3]
        steps = []
        for _ in range(self.chunk):
            delta = torch.clamp(self.gain * (latent - pos), -self.max_step, self.max_step)
            pos = pos + delta
            rot = torch.zeros_like(delta)
            grip = torch.zeros_like(delta[:, 0:1])
            steps.append(torch.cat([delta / self.max_step, rot, grip], dim=1))
        return torch.stack(steps, dim=1)

    def forward(self, image: torch.Tensor, state: torch.Tensor) -> torch.Tensor:
        return self.system1(self.system2(image), state)


class NanPolicy(nn.Module):
    """Test fixture: a well-shaped action chunk that is all NaN."""

    def forward(self, state: torch.Tensor) -> torch.Tensor:
        return torch.full([state.shape[0], 1, 7], float("nan"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    torch.manual_seed(0)
    m = torch.jit.script(FixedPointPolicy().eval())
    out = m(torch.zeros(1, 3, *IMAGE), torch.tensor([[0.3, 0.1, 0.1, 1, 0, 0, 0, 0.08]]))
    assert out.shape == (1, CHUNK, 7), out.shape
    m.save(os.path.join(here, "policy.pt"))
    res = os.path.join(here, "..", "..", "policies", "src", "test", "resources", "org", "stackarena",
                       "policies", "torchscript")
    os.makedirs(res, exist_ok=True)
    torch.jit.script(NanPolicy()).save(os.path.join(res, "nan.pt"))
    print("wrote policy.pt, first step", out[0, 0].tolist())


if __name__ == "__main__":
    main()
