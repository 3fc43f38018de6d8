package org.cdcgen.kstreams.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cdcgen.kstreams.Event;
import org.cdcgen.kstreams.TopologySpec;

/**
 * Every branch's condition, compiled to route a record at a cost that does not grow with the
 * number of branches, with exactly the truth of {@link Condition#eval}:
 * <ul>
 *   <li>an index on equality: a branch whose condition can be TRUE only when one field equals one
 *       of some values ({@code equals} or {@code in} under an and, {@code notIn} under a not, an
 *       or of such on one field) is listed under those values, and evaluated only for a record
 *       holding one of them; the others are evaluated for every record;</li>
 *   <li>each distinct field is read (and parsed: numbers, instants, JSON text) once per record,
 *       and each distinct leaf decided once per record, whatever the number of branches sharing
 *       it;</li>
 *   <li>and/or stop at the first FALSE/TRUE argument (cheap arguments first); Kleene's logic
 *       makes the result the same as evaluating every argument: FALSE (TRUE) decides an and (or)
 *       whatever the others are, and otherwise every argument is evaluated.</li>
 * </ul>
 * Thread-safe: the compiled form is immutable; each thread has its own per-record scratch.
 */
public final class Router {
    private final int branches;
    private final FieldRef[] fields;
    private final Condition.Leaf[] leaves;
    private final int[] leafField;
    private final Set<Object>[] inKeys; // a long in-list as a hash set, else null
    private final Node[] filters;
    private final int[] always; // branches without an index, ascending
    private final Index[] indexes;
    private final int[] indexedBy; // per branch: the slot of its index's field, or -1
    private final ThreadLocal<Scratch> scratch;

    /** Branches by the value one field must hold for them to be TRUE. */
    private record Index(int field, Map<Object, int[]> postings) {
    }

    /** The branches of {@code spec}, compiled. */
    public static Router compile(TopologySpec spec) {
        return new Router(spec.branches().stream().map(TopologySpec.Branch::condition).toList());
    }

    @SuppressWarnings("unchecked")
    Router(List<Condition> conditions) {
        this.branches = conditions.size();
        Compiler c = new Compiler();
        filters = new Node[branches];
        for (int i = 0; i < branches; i++) {
            filters[i] = c.node(conditions.get(i));
        }
        // The index: each branch under the field most branches can be indexed by.
        List<List<Need>> needs = new ArrayList<>();
        for (Condition cond : conditions) {
            needs.add(c.needs(cond, true));
        }
        fields = c.fields.keySet().toArray(new FieldRef[0]);
        leaves = c.leafList.toArray(new Condition.Leaf[0]);
        leafField = c.leafField.stream().mapToInt(Integer::intValue).toArray();
        inKeys = new Set[leaves.length];
        for (int l = 0; l < leaves.length; l++) {
            if (leaves[l] instanceof Condition.In in && in.literals().size() > 8) {
                Set<Object> keys = new HashSet<>();
                in.literals().forEach(v -> keys.add(Values.key(v)));
                inKeys[l] = keys;
            }
        }
        int[] count = new int[fields.length];
        for (List<Need> n : needs) {
            n.stream().mapToInt(Need::field).distinct().forEach(f -> count[f]++);
        }
        indexedBy = new int[branches];
        Map<Integer, Map<Object, List<Integer>>> byField = new LinkedHashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < branches; i++) {
            Need best = needs.get(i).stream()
                    .min(Comparator.comparingInt((Need n) -> -count[n.field()])
                            .thenComparingInt(n -> n.keys().size())
                            .thenComparingInt(Need::field))
                    .orElse(null);
            indexedBy[i] = best == null ? -1 : best.field();
            if (best == null) {
                rest.add(i);
                continue;
            }
            Map<Object, List<Integer>> postings = byField.computeIfAbsent(best.field(), f -> new HashMap<>());
            for (Object key : best.keys()) {
                postings.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        always = rest.stream().mapToInt(Integer::intValue).toArray();
        indexes = byField.entrySet().stream().map(e -> {
            Map<Object, int[]> postings = new HashMap<>();
            e.getValue().forEach((k, l) -> postings.put(k, l.stream().mapToInt(Integer::intValue).toArray()));
            return new Index(e.getKey(), postings);
        }).toArray(Index[]::new);
        scratch = ThreadLocal.withInitial(() -> new Scratch(fields.length, leaves.length));
    }

    /**
     * The branches that route {@code e} (TRUE), ascending. Its size is the number of branches
     * routed, not of branches.
     */
    public int[] route(Event e) {
        Scratch s = scratch.get();
        s.next();
        s.routed = 0;
        for (int b : always) {
            decide(b, s, e);
        }
        for (Index x : indexes) {
            Object v = value(x.field, s, e);
            int[] candidates = v == null ? null : x.postings.get(Values.key(v));
            if (candidates != null) {
                for (int b : candidates) {
                    decide(b, s, e);
                }
            }
        }
        int[] out = Arrays.copyOf(s.out, s.routed);
        if (indexes.length > 1 || (indexes.length == 1 && always.length > 0)) {
            Arrays.sort(out); // candidates came from several ascending lists
        }
        return out;
    }

    private void decide(int b, Scratch s, Event e) {
        s.evaluations++;
        if (filters[b].eval(this, s, e) == Truth.TRUE) {
            if (s.routed == s.out.length) {
                s.out = Arrays.copyOf(s.out, Math.min(branches, 2 * s.out.length));
            }
            s.out[s.routed++] = b;
        }
    }

    private Object value(int f, Scratch s, Event e) {
        if (s.fieldStamp[f] == s.epoch) {
            return s.fieldValue[f];
        }
        s.fieldReads++;
        Object v = fields[f].read(e);
        s.fieldValue[f] = v;
        s.fieldStamp[f] = s.epoch;
        return v;
    }

    private Truth leaf(int l, Scratch s, Event e) {
        if (s.leafStamp[l] == s.epoch) {
            return s.leafValue[l];
        }
        Object v = value(leafField[l], s, e);
        Set<Object> keys = inKeys[l];
        Truth t = keys == null ? leaves[l].test(v)
                : v == null ? Truth.UNKNOWN
                : Truth.of(keys.contains(Values.key(v)) != ((Condition.In) leaves[l]).negated());
        s.leafValue[l] = t;
        s.leafStamp[l] = s.epoch;
        return t;
    }

    // ---- introspection, for the tests ----

    /** The field branch {@code i} is indexed by; null when it is evaluated for every record. */
    FieldRef indexField(int i) {
        return indexedBy[i] < 0 ? null : fields[indexedBy[i]];
    }

    /** Distinct fields and leaves of all branches. */
    int fieldCount() {
        return fields.length;
    }

    int leafCount() {
        return leaves.length;
    }

    /** Branches evaluated and fields read on this thread so far. */
    long evaluations() {
        return scratch.get().evaluations;
    }

    long fieldReads() {
        return scratch.get().fieldReads;
    }

    // ---- per-record scratch: a value or truth is current when its stamp is the record's ----

    private static final class Scratch {
        int epoch;
        final int[] fieldStamp;
        final Object[] fieldValue;
        final int[] leafStamp;
        final Truth[] leafValue;
        int[] out = new int[8]; // the branches routed so far, out[0 .. routed)
        int routed;
        long evaluations;
        long fieldReads;

        Scratch(int fields, int leaves) {
            fieldStamp = new int[fields];
            fieldValue = new Object[fields];
            leafStamp = new int[leaves];
            leafValue = new Truth[leaves];
        }

        void next() {
            if (++epoch == Integer.MAX_VALUE) {
                Arrays.fill(fieldStamp, 0);
                Arrays.fill(leafStamp, 0);
                Arrays.fill(fieldValue, null);
                epoch = 1;
            }
        }
    }

    // ---- compiled conditions ----

    private abstract static class Node {
        abstract Truth eval(Router r, Scratch s, Event e);

        /** A rough cost, to try cheap arguments of and/or first. */
        abstract int cost();
    }

    private static final class LeafNode extends Node {
        final int leaf;
        final int cost;

        LeafNode(int leaf, int cost) {
            this.leaf = leaf;
            this.cost = cost;
        }

        @Override
        Truth eval(Router r, Scratch s, Event e) {
            return r.leaf(leaf, s, e);
        }

        @Override
        int cost() {
            return cost;
        }
    }

    /** and (or): FALSE (TRUE) at the first such argument; else UNKNOWN if any was, else TRUE (FALSE). */
    private static final class JunctionNode extends Node {
        final Node[] args;
        final Truth dominant;
        final Truth otherwise;
        final int cost;

        JunctionNode(boolean and, Node[] args) {
            this.args = args;
            this.dominant = and ? Truth.FALSE : Truth.TRUE;
            this.otherwise = and ? Truth.TRUE : Truth.FALSE;
            this.cost = Arrays.stream(args).mapToInt(Node::cost).sum();
        }

        @Override
        Truth eval(Router r, Scratch s, Event e) {
            boolean unknown = false;
            for (Node a : args) {
                Truth t = a.eval(r, s, e);
                if (t == dominant) {
                    return dominant;
                }
                unknown |= t == Truth.UNKNOWN;
            }
            return unknown ? Truth.UNKNOWN : otherwise;
        }

        @Override
        int cost() {
            return cost;
        }
    }

    private static final class NotNode extends Node {
        final Node arg;

        NotNode(Node arg) {
            this.arg = arg;
        }

        @Override
        Truth eval(Router r, Scratch s, Event e) {
            return arg.eval(r, s, e).not();
        }

        @Override
        int cost() {
            return arg.cost();
        }
    }

    /** Field {@code field} must hold one of {@code keys} ({@link Values#key}) for a branch to be TRUE. */
    private record Need(int field, Set<Object> keys) {
    }

    /** Numbers the distinct fields and leaves, and compiles trees. */
    private static final class Compiler {
        final Map<FieldRef, Integer> fields = new LinkedHashMap<>();
        final Map<Object, Integer> leafSlots = new HashMap<>();
        final List<Condition.Leaf> leafList = new ArrayList<>();
        final List<Integer> leafField = new ArrayList<>();

        int field(FieldRef f) {
            return fields.computeIfAbsent(f, k -> fields.size());
        }

        // Leaves are records, equal when they test the same; a Pattern has no equality of its own.
        private static Object identity(Condition.Leaf l) {
            return l instanceof Condition.Matches m
                    ? List.of("matches", m.field(), m.pattern().pattern(), m.pattern().flags()) : l;
        }

        int leaf(Condition.Leaf l) {
            Integer slot = leafSlots.get(identity(l));
            if (slot == null) {
                slot = leafList.size();
                leafSlots.put(identity(l), slot);
                leafList.add(l);
                leafField.add(field(l.field()));
            }
            return slot;
        }

        Node node(Condition c) {
            if (c instanceof Condition.Junction j) {
                Node[] args = j.args().stream().map(this::node).toArray(Node[]::new);
                Arrays.sort(args, Comparator.comparingInt(Node::cost)); // stable
                return new JunctionNode(j.and(), args);
            }
            if (c instanceof Condition.Not n) {
                return new NotNode(node(n.arg()));
            }
            Condition.Leaf l = (Condition.Leaf) c;
            int cost = 1 + (l.field().jsonText() ? 2 : 0) + (l instanceof Condition.Matches ? 20 : 0);
            return new LeafNode(leaf(l), cost);
        }

        /**
         * What {@code c} having the truth {@code want} (TRUE: true, FALSE: false) requires of one
         * field's value: alternatives, each enough on its own to rule out a record whose field
         * holds none of its keys (NULL included).
         */
        List<Need> needs(Condition c, boolean want) {
            if (c instanceof Condition.Not n) {
                return needs(n.arg(), !want);
            }
            if (c instanceof Condition.Junction j) {
                // and TRUE, or FALSE: every argument has the truth; any of their needs holds.
                if (j.and() == want) {
                    List<Need> all = new ArrayList<>();
                    for (Condition a : j.args()) {
                        all.addAll(needs(a, want));
                    }
                    return all;
                }
                // and FALSE, or TRUE: some argument has it; a need on a field every argument
                // has one on holds, with the union of their keys.
                return some(j.args(), want);
            }
            if (c instanceof Condition.Compare cmp && cmp.op() == Condition.Comparison.EQUALS && want) {
                return List.of(new Need(field(cmp.field()), Set.of(Values.key(cmp.literal()))));
            }
            if (c instanceof Condition.In in && in.negated() != want) {
                // in TRUE, or notIn FALSE: the value is one of the literals (a NULL is UNKNOWN).
                Set<Object> keys = new LinkedHashSet<>();
                in.literals().forEach(v -> keys.add(Values.key(v)));
                return List.of(new Need(field(in.field()), keys));
            }
            return List.of();
        }

        private List<Need> some(List<Condition> args, boolean want) {
            List<List<Need>> each = new ArrayList<>();
            for (Condition a : args) {
                List<Need> n = needs(a, want);
                if (n.isEmpty()) {
                    return List.of();
                }
                each.add(n);
            }
            List<Need> out = new ArrayList<>();
            for (int f : each.get(0).stream().mapToInt(Need::field).distinct().toArray()) {
                Set<Object> union = new LinkedHashSet<>();
                for (List<Need> n : each) {
                    Need smallest = n.stream().filter(x -> x.field() == f)
                            .min(Comparator.comparingInt(x -> x.keys().size())).orElse(null);
                    if (smallest == null) {
                        union = null;
                        break;
                    }
                    union.addAll(smallest.keys());
                }
                if (union != null) {
                    out.add(new Need(f, union));
                }
            }
            return out;
        }
    }
}
