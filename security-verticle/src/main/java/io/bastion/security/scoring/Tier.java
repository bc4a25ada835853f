package io.bastion.security.scoring;

/** Maturity tiers, named after the NIST CSF implementation tiers. */
public enum Tier {
  PARTIAL(1, "Partial"),
  RISK_INFORMED(2, "Risk Informed"),
  REPEATABLE(3, "Repeatable"),
  ADAPTIVE(4, "Adaptive");

  /** Every scored function must reach this score for the tier (index = tier number). */
  static final double[] MIN_FUNCTION_SCORE = {0, 0, 40, 65, 85};

  private final int number;
  private final String title;

  Tier(int number, String title) {
    this.number = number;
    this.title = title;
  }

  public int number() {
    return number;
  }

  public String title() {
    return title;
  }
}
