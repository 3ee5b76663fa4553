package dev.modelkit.kernel.jshell;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How many heap bytes each of a set of roots (the notebook's variables) keeps alive, measured by
 * walking the object graph in this JVM: no agent, no JOL (a test-scope library here).
 *
 * <p>The method:
 * <ul>
 *   <li>Each object's shallow size is HotSpot's layout, read from {@code sun.misc.Unsafe}: the
 *       highest instance field offset plus that field's width, or the header alone for a class
 *       without fields, rounded up to 8 bytes; an array is its base offset plus length times
 *       element width, rounded up to 8. Where Unsafe refuses offsets (records, hidden classes) the
 *       size is estimated as header plus field widths.</li>
 *   <li>Edges are the reference fields of every class in the hierarchy and the elements of object
 *       arrays, read with Unsafe, so JDK collections are followed although their fields are
 *       private to {@code java.base}. {@code Class}, {@code ClassLoader}, {@code Thread} and
 *       {@code ThreadGroup} objects, and the referents of weak and soft references, are not
 *       followed: they belong to the JVM, not to a variable.</li>
 *   <li>Roots are walked in order, and each object is charged to the first root that reaches it.
 *       An object reached again from a later root is marked shared and charged to nobody, so a
 *       root's figure is what dropping it alone would free when its objects are not shared. That
 *       is the "retained size" of heap analysers for graphs whose roots do not overlap, and an
 *       estimate otherwise.</li>
 *   <li>The walk stops after {@value #MAX_OBJECTS} objects; figures are then lower bounds.</li>
 * </ul>
 * {@code HeapWalkTest} checks the result against JOL's layout of a real model.
 */
final class HeapWalk {
    static final int MAX_OBJECTS = 5_000_000;
    private static final sun.misc.Unsafe UNSAFE = unsafe();
    private static final Map<Class<?>, Layout> LAYOUTS = new ConcurrentHashMap<>();
    private static final int HEADER = headerBytes();

    /** The bytes each root retains, in root order, and whether the walk was cut short. */
    record Result(long[] retained, long[] reachableObjects, long total, boolean truncated) {
    }

    private HeapWalk() {
    }

    static Result retained(List<?> roots) {
        Map<Object, Integer> owner = new IdentityHashMap<>();
        long[] bytes = new long[roots.size()];
        long[] objects = new long[roots.size()];
        long total = 0;
        boolean truncated = false;
        ArrayDeque<Object> todo = new ArrayDeque<>();
        for (int r = 0; r < roots.size() && !truncated; r++) {
            Object root = roots.get(r);
            if (root == null || skipped(root.getClass())) {
                continue;
            }
            todo.push(root);
            while (!todo.isEmpty()) {
                Object o = todo.pop();
                Integer first = owner.get(o);
                if (first != null) {
                    if (first != r && first >= 0) {  // reached from two roots: charge it to neither
                        long size = shallowSize(o);
                        bytes[first] -= size;
                        objects[first]--;
                        owner.put(o, -1);
                    }
                    continue;
                }
                if (owner.size() >= MAX_OBJECTS) {
                    truncated = true;
                    break;
                }
                owner.put(o, r);
                long size = shallowSize(o);
                bytes[r] += size;
                objects[r]++;
                total += size;
                forEachReference(o, todo);
            }
            todo.clear();
        }
        return new Result(bytes, objects, total, truncated);
    }

    /** HotSpot's size of {@code o} alone, without what it refers to. */
    static long shallowSize(Object o) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            long base = UNSAFE.arrayBaseOffset(c);
            long scale = UNSAFE.arrayIndexScale(c);
            return align(base + scale * Array.getLength(o));
        }
        return layout(c).size;
    }

    private static void forEachReference(Object o, ArrayDeque<Object> todo) {
        Class<?> c = o.getClass();
        if (c.isArray()) {
            if (!c.getComponentType().isPrimitive()) {
                for (Object e : (Object[]) o) {
                    if (e != null && !skipped(e.getClass())) {
                        todo.push(e);
                    }
                }
            }
            return;
        }
        for (Function<Object, Object> read : layout(c).references) {
            Object e = read.apply(o);
            if (e != null && !skipped(e.getClass())) {
                todo.push(e);
            }
        }
    }

    private static boolean skipped(Class<?> c) {
        return c == Class.class || ClassLoader.class.isAssignableFrom(c) || Thread.class.isAssignableFrom(c)
                || ThreadGroup.class.isAssignableFrom(c);
    }

    /** A class's shallow instance size and readers of its reference fields (inherited ones included). */
    private record Layout(long size, List<Function<Object, Object>> references) {
    }

    private static Layout layout(Class<?> c) {
        return LAYOUTS.computeIfAbsent(c, HeapWalk::computeLayout);
    }

    private static Layout computeLayout(Class<?> c) {
        long end = HEADER;
        long estimated = HEADER;
        boolean exact = true;
        List<Function<Object, Object>> refs = new ArrayList<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                int width = width(f.getType());
                estimated += width;
                Long offset = offset(f);
                if (offset == null) {
                    exact = false;
                } else {
                    end = Math.max(end, offset + width);
                }
                if (!f.getType().isPrimitive() && !isWeakReferent(k, f)) {
                    Function<Object, Object> read = reader(f, offset);
                    if (read != null) {
                        refs.add(read);
                    }
                }
            }
        }
        return new Layout(align(exact ? end : estimated), List.copyOf(refs));
    }

    /** Weak, soft and phantom references do not keep their referent alive. */
    private static boolean isWeakReferent(Class<?> declaring, Field f) {
        return declaring == java.lang.ref.Reference.class && f.getName().equals("referent");
    }

    private static Long offset(Field f) {
        try {
            return UNSAFE.objectFieldOffset(f);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;  // a record or hidden class (a lambda): Unsafe does not give offsets for those
        }
    }

    private static Function<Object, Object> reader(Field f, Long offset) {
        if (offset != null) {
            long at = offset;
            return o -> UNSAFE.getObject(o, at);
        }
        try {
            f.setAccessible(true);
            return o -> {
                try {
                    return f.get(o);
                } catch (IllegalAccessException e) {
                    return null;
                }
            };
        } catch (RuntimeException e) {
            return null;  // neither readable by offset nor by reflection: counted, not followed
        }
    }

    private static int width(Class<?> t) {
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        if (t == byte.class || t == boolean.class) {
            return 1;
        }
        return UNSAFE.arrayIndexScale(Object[].class);  // 4 with compressed oops, else 8
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** Object header size: the offset of the first field of a class with one byte field. */
    private static int headerBytes() {
        try {
            return (int) UNSAFE.objectFieldOffset(OneByte.class.getDeclaredField("b"));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused")
    private static final class OneByte {
        byte b;
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Unsafe is not available", e);
        }
    }
}
