package io.faultline.harness.backend;

/** A node that prints {@code line 1} to {@code line <args[0]>} and exits with status {@code args[1]}. */
public final class FailingMain {

    public static void main(String[] args) {
        int lines = Integer.parseInt(args[0]);
        for (int i = 1; i <= lines; i++) {
            System.out.println("line " + i);
        }
        System.exit(Integer.parseInt(args[1]));
    }
}
