package io.faultline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tab-separated files with a header row, as the reference histories keep their tables. */
final class Tsv {
    private Tsv() {
    }

    /** The named columns of each row; lines starting with # are comments. */
    static List<String[]> rows(Path tsv, String... columns) throws IOException {
        List<String[]> rows = new ArrayList<>();
        int[] at = null;
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (at == null) {
                List<String> header = List.of(cells);
                at = new int[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    at[i] = header.indexOf(columns[i]);
                    if (at[i] < 0) {
                        throw new IOException(tsv + ": no column '" + columns[i] + "' in its header " + header);
                    }
                }
                continue;
            }
            String[] row = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                row[i] = at[i] < cells.length ? cells[at[i]] : "";
            }
            rows.add(row);
        }
        return rows;
    }
}
