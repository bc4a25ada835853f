package io.bastion.catalogue;

/**
 * A group of questions within one function, such as a NIST CSF 2.0 category (GV.OC, Organizational Context).
 * Optional: a catalogue without categories groups its questions by function only.
 */
public record Category(String id, CsfFunction function, String title) {
}
