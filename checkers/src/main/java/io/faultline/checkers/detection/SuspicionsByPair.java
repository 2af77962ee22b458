package io.faultline.checkers.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A timeline's suspicions, looked up by (observer, peer), each pair's sorted by start. */
final class SuspicionsByPair {
    private final Map<List<String>, List<Suspicion>> byPair = new HashMap<>();

    SuspicionsByPair(Collection<Suspicion> suspicions) {
        for (Suspicion s : suspicions) {
            byPair.computeIfAbsent(List.of(s.observer(), s.peer()), k -> new ArrayList<>()).add(s);
        }
        byPair.values().forEach(l -> l.sort(Comparator.comparingLong(Suspicion::start)));
    }

    List<Suspicion> of(String observer, String peer) {
        return byPair.getOrDefault(List.of(observer, peer), List.of());
    }

    Collection<List<Suspicion>> pairs() {
        return byPair.values();
    }
}
