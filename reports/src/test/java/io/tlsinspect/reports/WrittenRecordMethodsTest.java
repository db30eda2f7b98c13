package io.tlsinspect.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsinspect.decoder.model.CertificateInfo;
import io.tlsinspect.decoder.model.Outcome;
import io.tlsinspect.reports.clients.ClientIdentity;
import io.tlsinspect.reports.model.OutcomeKey;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.runtime.ObjectMethods;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hot keys whose equals and hashCode are written out (to spare ObjectMethods' invokedynamic)
 * must behave exactly as the record's generated ones: the oracle is the JDK's own
 * {@link ObjectMethods#bootstrap}, asked for the methods the record would have had. Same hash
 * means every hash-ordered table iterates as before; same equals means no component is left out.
 */
class WrittenRecordMethodsTest {

    @ParameterizedTest
    @ValueSource(classes = {CertificateInfo.class, ClientIdentity.class, OutcomeKey.class})
    void publicKeysMatchTheGeneratedMethods(Class<?> type) throws Throwable {
        check(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.tlsinspect.reports.chains.ChainBuilder$Key", "io.tlsinspect.reports.clients.Breakdowns$Key",
            "io.tlsinspect.reports.findings.CertificateEvidence$Pair"})
    void privateKeysMatchTheGeneratedMethods(String name) throws Throwable {
        check(Class.forName(name));
    }

    private static void check(Class<?> type) throws Throwable {
        assertThat(type.isRecord()).isTrue();
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        RecordComponent[] rc = type.getRecordComponents();
        MethodHandle[] getters = new MethodHandle[rc.length];
        StringBuilder names = new StringBuilder();
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            getters[i] = lookup.unreflectGetter(type.getDeclaredField(rc[i].getName()));
            names.append(i == 0 ? "" : ";").append(rc[i].getName());
            types[i] = rc[i].getType();
        }
        MethodHandle generatedHash = ((CallSite) ObjectMethods.bootstrap(lookup, "hashCode",
                MethodType.methodType(int.class, type), type, names.toString(), getters)).dynamicInvoker();
        MethodHandle generatedEquals = ((CallSite) ObjectMethods.bootstrap(lookup, "equals",
                MethodType.methodType(boolean.class, type, Object.class), type, names.toString(), getters)).dynamicInvoker();
        Constructor<?> make = type.getDeclaredConstructor(types);
        make.setAccessible(true);

        // a base value, an equal copy, and for each component one value differing there only
        List<Object> values = new ArrayList<>();
        Object[] base = sample(types, 0);
        values.add(make.newInstance(base));
        values.add(make.newInstance(sample(types, 0)));
        for (int i = 0; i < types.length; i++) {
            for (int variant = 1; variant <= 2; variant++) {
                Object[] args = base.clone();
                args[i] = sample(types[i], variant);
                if (args[i] == null && (types[i].isPrimitive() || types[i] == Outcome.class)) {
                    continue; // no null for a primitive, nor for OutcomeKey's required outcome
                }
                values.add(make.newInstance(args));
            }
        }
        for (Object a : values) {
            assertThat(a.hashCode()).as("hashCode of %s", a).isEqualTo((int) generatedHash.invoke(a));
            for (Object b : values) {
                assertThat(a.equals(b)).as("%s equals %s", a, b).isEqualTo((boolean) generatedEquals.invoke(a, b));
            }
            assertThat(a.equals(null)).isFalse();
            assertThat(a.equals("not a record")).isFalse();
        }
        assertThat(values.get(0)).isEqualTo(values.get(1)).isNotSameAs(values.get(1));
        assertThat(values.stream().distinct().count()).as("each changed component tells the values apart")
                .isGreaterThanOrEqualTo(1 + types.length);
    }

    private static Object[] sample(Class<?>[] types, int variant) {
        Object[] out = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            out[i] = sample(types[i], variant);
        }
        return out;
    }

    /** Variant 0 the base value, 1 another, 2 null where a reference may be null. */
    private static Object sample(Class<?> t, int variant) {
        if (t == int.class) {
            return variant == 0 ? 2048 : variant == 1 ? 4096 : -1;
        }
        if (t == boolean.class) {
            return variant != 1;
        }
        if (t == String.class) {
            return variant == 0 ? "shop.example" : variant == 1 ? "Shop.example" : null;
        }
        if (t == List.class) {
            return variant == 0 ? List.of("a.example", "b.example") : variant == 1 ? List.of("b.example", "a.example") : null;
        }
        if (t == Outcome.class) {
            return variant == 0 ? Outcome.SERVER_ALERT : variant == 1 ? Outcome.CLIENT_ALERT : null;
        }
        throw new IllegalArgumentException("no sample of " + t);
    }
}
