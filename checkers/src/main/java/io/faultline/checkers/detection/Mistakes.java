package io.faultline.checkers.detection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mistakes of every pair, and the accuracy metrics they give. */
record Mistakes(List<Mistake> all, Accuracy pooled, List<PairAccuracy> byPair) {

    static Mistakes judge(Timeline timeline, FaultFreeTime faultFree, SuspicionsByPair suspicions) {
        List<Mistake> all = new ArrayList<>();
        List<PairAccuracy> byPair = new ArrayList<>();
        long observedTotal = 0;
        List<Long> durations = new ArrayList<>();
        List<Long> recurrences = new ArrayList<>();
        for (String observer : timeline.nodes()) {
            for (String peer : timeline.nodes()) {
                if (observer.equals(peer)) {
                    continue;
                }
                Intervals observed = faultFree.of(observer, peer);
                List<Mistake> mistakes = new ArrayList<>();
                for (Suspicion s : suspicions.of(observer, peer)) {
                    mistakes.addAll(mistakesIn(s, observed, timeline));
                }
                List<Long> pairDurations = new ArrayList<>();
                mistakes.forEach(m -> pairDurations.add(m.duration().toNanos()));
                List<Long> pairRecurrences = new ArrayList<>();
                for (int i = 1; i < mistakes.size(); i++) {
                    // fault-free time only, so that T_MR and λ_M measure the same clock
                    pairRecurrences.add(observed.lengthWithin(mistakes.get(i - 1).start(), mistakes.get(i).start()));
                }
                byPair.add(new PairAccuracy(observer, peer,
                        Accuracy.of(observed.length(), pairDurations, pairRecurrences)));
                all.addAll(mistakes);
                observedTotal += observed.length();
                durations.addAll(pairDurations);
                recurrences.addAll(pairRecurrences);
            }
        }
        all.sort(Comparator.comparingLong(Mistake::start).thenComparing(Mistake::observer)
                .thenComparing(Mistake::peer));
        return new Mistakes(List.copyOf(all), Accuracy.of(observedTotal, durations, recurrences), List.copyOf(byPair));
    }

    /** The stretches of one suspicion that fall in fault-free observation, each a mistake. */
    private static List<Mistake> mistakesIn(Suspicion s, Intervals observed, Timeline timeline) {
        List<Mistake> out = new ArrayList<>();
        long end = s.endOr(timeline.end());
        if (s.start() == end) {
            // an instant's suspicion is still a wrong suspicion, of length zero
            if (observed.contains(s.start())) {
                out.add(mistake(s, s.start(), end, timeline));
            }
            return out;
        }
        Intervals wrong = observed.intersect(s.start(), end);
        for (int i = 0; i < wrong.size(); i++) {
            out.add(mistake(s, wrong.from(i), wrong.to(i), timeline));
        }
        return out;
    }

    private static Mistake mistake(Suspicion s, long from, long to, Timeline timeline) {
        return new Mistake(s.observer(), s.peer(), from, Duration.ofNanos(to - from),
                s.isOpen() && to == timeline.end(), degradingFaultAt(from, timeline));
    }

    private static String degradingFaultAt(long t, Timeline timeline) {
        for (InjectedFault f : timeline.faults()) {
            if (f.effect() == Effect.DEGRADE && f.start() <= t && t < f.endOr(timeline.end())) {
                return f.id();
            }
        }
        return null;
    }
}
