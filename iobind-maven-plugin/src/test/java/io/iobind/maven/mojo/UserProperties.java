package io.iobind.maven.mojo;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maven user properties ({@code -Dname=value}) for one {@link MojoHarness} test, each {@code name=value}: the mojo
 * injected into that test is configured with them, as Maven's own expression evaluator sees them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface UserProperties {
    String[] value();
}
