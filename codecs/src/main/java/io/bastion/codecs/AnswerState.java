package io.bastion.codecs;

/** Whether the answer that produced an assessment version was given for the first time or changed. */
public enum AnswerState {
  NEW,
  UPDATED
}
