/**
 * LeRobot v3.0 datasets (the format of huggingface/lerobot's {@code LeRobotDataset}, codebase
 * version "v3.0"): {@link org.stackarena.policies.data.lerobot.LeRobotWriter} writes what
 * {@code stackarena collect} records, {@link org.stackarena.policies.data.lerobot.LeRobotReader}
 * reads such datasets (ours or anyone's) for training, {@link org.stackarena.policies.data.lerobot.DatasetValidator}
 * checks a folder against the schema and {@link org.stackarena.policies.data.lerobot.NpyConverter}
 * converts the older {@code .npy} layout. The layout is documented in {@code policies/DATASET.md}.
 *
 * <p>Parquet goes through DuckDB's embedded engine (JDBC); MP4 through the {@code ffmpeg}
 * executables. Depends on {@code org.stackarena.policies.data} and Jackson only.
 */
package org.stackarena.policies.data.lerobot;
