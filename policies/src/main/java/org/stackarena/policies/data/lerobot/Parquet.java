package org.stackarena.policies.data.lerobot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parquet through DuckDB's embedded engine: rows go in as JSON lines with declared column types
 * and come out as a Snappy-compressed Parquet file (LIST columns in the standard three-level form,
 * INT64, FLOAT, DOUBLE, BOOLEAN, UTF8 strings), written to a temporary name and renamed into place.
 * One in-memory database per instance; close it.
 */
public final class Parquet implements AutoCloseable {

    private final Connection db;

    /** Opens an in-memory DuckDB. */
    public Parquet() throws IOException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            db = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = db.createStatement()) {
                s.execute("SET threads TO 1");
                // files are rewritten under the same names; never serve an earlier version from a cache
                s.execute("SET enable_external_file_cache = false");
                s.execute("SET parquet_metadata_cache = false");
            }
        } catch (ClassNotFoundException | SQLException e) {
            throw new IOException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /** The connection, for queries. */
    public Connection connection() {
        return db;
    }

    /** A string literal for SQL. */
    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A quoted identifier for SQL. */
    public static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /**
     * Writes the JSON lines of {@code jsonl} as a Parquet file with the given columns (name -> DuckDB type,
     * in order) and file key-value metadata, atomically (temporary file, then rename).
     */
    public void jsonToParquet(Path jsonl, Map<String, String> columns, Map<String, String> kv, Path out)
        throws IOException {
        StringBuilder cols = new StringBuilder();
        StringBuilder select = new StringBuilder();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            cols.append(cols.length() == 0 ? "" : ", ").append(literal(c.getKey())).append(": ")
                .append(literal(c.getValue()));
            select.append(select.length() == 0 ? "" : ", ").append(ident(c.getKey()));
        }
        String from = "read_json(" + literal(jsonl.toString()) + ", format = 'newline_delimited', columns = {" + cols
            + "})";
        copy("SELECT " + select + " FROM " + from, kv, out);
    }

    /** Writes the rows of several Parquet files (same columns) as one, ordered by {@code orderBy}. */
    public void concat(List<Path> parts, String orderBy, Path out) throws IOException {
        StringBuilder files = new StringBuilder();
        for (Path p : parts) {
            files.append(files.length() == 0 ? "" : ", ").append(literal(p.toString()));
        }
        copy("SELECT * FROM read_parquet([" + files + "]) ORDER BY " + ident(orderBy), Map.of(), out);
    }

    /** {@code COPY (select) TO out} as Parquet, through a temporary file renamed into place. */
    public void copy(String select, Map<String, String> kv, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        StringBuilder opts = new StringBuilder("FORMAT parquet, COMPRESSION snappy");
        if (!kv.isEmpty()) {
            opts.append(", KV_METADATA {");
            boolean first = true;
            for (Map.Entry<String, String> e : kv.entrySet()) {
                opts.append(first ? "" : ", ").append(ident(e.getKey())).append(": ").append(literal(e.getValue()));
                first = false;
            }
            opts.append('}');
        }
        update("COPY (" + select + ") TO " + literal(tmp.toString()) + " (" + opts + ")");
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs a statement. */
    public void update(String sql) throws IOException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IOException(e.getMessage().lines().findFirst().orElse("DuckDB error"), e);
        }
    }

    /** Column name -> DuckDB type of a Parquet file, in file order. */
    public Map<String, String> columns(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        query("DESCRIBE SELECT * FROM read_parquet(" + literal(file.toString()) + ")", r -> {
            out.put(r.getString("column_name"), r.getString("column_type"));
        });
        return out;
    }

    /** A row handler that may throw. */
    @FunctionalInterface
    public interface Rows {
        /** Called once per row, positioned on it. */
        void row(ResultSet r) throws SQLException, IOException;
    }

    /** Runs a query and hands every row to {@code rows}. */
    public void query(String sql, Rows rows) throws IOException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.row(r);
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage().lines().findFirst().orElse("DuckDB error"), e);
        }
    }

    /** A LIST/ARRAY column value as floats (null stays null). */
    public static float[] floats(ResultSet r, String column) throws SQLException {
        java.sql.Array a = r.getArray(column);
        if (a == null) {
            return null;
        }
        Object[] o = (Object[]) a.getArray();
        float[] f = new float[o.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = ((Number) o[i]).floatValue();
        }
        return f;
    }

    /** A LIST column of strings. */
    public static List<String> strings(ResultSet r, String column) throws SQLException {
        java.sql.Array a = r.getArray(column);
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (Object o : (Object[]) a.getArray()) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
