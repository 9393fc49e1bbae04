package com.nxtnd.hub;

import java.nio.file.Files;
import java.nio.file.Path;

/** The team's reference material: ../shared beside the repo (as CI clones it), else /work/shared. */
public final class SharedMaterial {

    private SharedMaterial() {
    }

    public static Path path(String relative) {
        for (Path base : new Path[] {Path.of("..", "shared"), Path.of("/work/shared")}) {
            Path p = base.resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Reference file not found: shared/" + relative
                + " (expected ../shared beside the repository)");
    }
}
