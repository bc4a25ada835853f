package io.bastion.codecs;

/** Change of one function score since the previous report; null where the function did not apply. */
public record FunctionDelta(String function, Double before, Double after, Double change) {
}
