package org.stackarena.benchmarks.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.stackarena.benchmarks.cli.UserInputException;
import org.stackarena.api.StackContext;
import org.stackarena.api.ControlStack;
import org.stackarena.api.StackProvider;

/**
 * {@code --stack-class CLASS}: a stack named by its class on the classpath, without a
 * {@code META-INF/services} entry. The class is either a {@link StackProvider} (public no-argument
 * constructor) or a {@link ControlStack} (public constructor taking a {@link StackContext}, or no
 * arguments), made once per worker like any other stack; its name in results is the provider's
 * or the stack's {@code name()}.
 */
final class ClassStacks {

    private ClassStacks() {}

    /**
     * The provider for {@code className}.
     *
     * @throws UserInputException one line when the class is missing, of the wrong type or cannot be made
     */
    static StackProvider provider(String className) {
        String where = "--stack-class " + className;
        Class<?> c;
        try {
            c = Class.forName(className, true, loader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UserInputException(where + ": no such class on the classpath (add its jar with "
                + "STACKARENA_CLASSPATH=path/to/your.jar)");
        }
        if (StackProvider.class.isAssignableFrom(c)) {
            return (StackProvider) instantiate(where, constructor(where, c), null);
        }
        if (!ControlStack.class.isAssignableFrom(c)) {
            throw new UserInputException(where + ": implements neither " + ControlStack.class.getName() + " nor "
                + StackProvider.class.getName());
        }
        Constructor<?> withContext = null;
        try {
            withContext = c.getConstructor(StackContext.class);
        } catch (NoSuchMethodException e) {
            // falls back to the no-argument constructor
        }
        Constructor<?> ctor = withContext != null ? withContext : constructor(where, c);
        String name;
        try (ControlStack probe = (ControlStack) instantiate(where, ctor, null)) {
            name = probe.name();
        }
        if (name == null || name.isBlank()) {
            throw new UserInputException(where + ": name() returned no name");
        }
        return new StackProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "stack class " + className;
            }

            @Override
            public ControlStack create(StackContext context) throws Exception {
                try {
                    return (ControlStack) (ctor.getParameterCount() == 1 ? ctor.newInstance(context) : ctor.newInstance());
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception x ? x : e;
                }
            }
        };
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ClassStacks.class.getClassLoader();
    }

    private static Constructor<?> constructor(String where, Class<?> c) {
        try {
            return c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new UserInputException(where + ": needs a public no-argument constructor"
                + (ControlStack.class.isAssignableFrom(c) ? " or a public constructor taking a StackContext" : ""));
        }
    }

    private static Object instantiate(String where, Constructor<?> ctor, StackContext context) {
        try {
            return ctor.getParameterCount() == 1 ? ctor.newInstance(context) : ctor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            throw new UserInputException(where + ": constructor threw " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("")));
        } catch (ReflectiveOperationException e) {
            throw new UserInputException(where + ": cannot be instantiated (" + e.getClass().getSimpleName() + ")");
        }
    }
}
