package io.bastion.codecs;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact text of a set of answers that a stored report keeps as the baseline of the next report's delta: one
 * line {@code questionId=value} per answer, in the order given. A fraction of the JSON it replaces (no field names,
 * no quotes) and parsed without a JSON parser. {@code \}, a line break and, in the question id, {@code =} are
 * escaped with a backslash, so any answer set survives the round trip.
 */
public final class Basis {

  private Basis() {
  }

  public static String encode(List<AnswerEntry> answers) {
    StringBuilder out = new StringBuilder(answers.size() * 24);
    for (AnswerEntry a : answers) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      escape(a.questionId(), true, out);
      out.append('=');
      escape(a.value(), false, out);
    }
    return out.toString();
  }

  public static List<AnswerEntry> decode(String basis) {
    List<AnswerEntry> answers = new ArrayList<>();
    if (basis.isEmpty()) {
      return answers;
    }
    StringBuilder token = new StringBuilder(32);
    String questionId = null;
    for (int i = 0; i < basis.length(); i++) {
      char c = basis.charAt(i);
      if (c == '\\' && i + 1 < basis.length()) {
        char next = basis.charAt(++i);
        token.append(next == 'n' ? '\n' : next);
      } else if (c == '=' && questionId == null) {
        questionId = token.toString();
        token.setLength(0);
      } else if (c == '\n') {
        answers.add(entry(questionId, token));
        questionId = null;
      } else {
        token.append(c);
      }
    }
    answers.add(entry(questionId, token));
    return answers;
  }

  private static AnswerEntry entry(String questionId, StringBuilder value) {
    if (questionId == null) {
      throw new IllegalArgumentException("basis line without '=': " + value);
    }
    AnswerEntry entry = new AnswerEntry(questionId, value.toString());
    value.setLength(0);
    return entry;
  }

  private static void escape(String s, boolean key, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '=' -> out.append(key ? "\\=" : "=");
        default -> out.append(c);
      }
    }
  }
}
