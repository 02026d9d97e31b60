# Regression: replace() with an empty search string inserts the replacement between every
# character: a value squared in size at each level.
locals {
  a0 = "anthropic.claude-3-haiku-20240307-v1:0"
  a1 = replace(local.a0, "", local.a0)
  a2 = replace(local.a1, "", local.a1)
  a3 = replace(local.a2, "", local.a2)
  a4 = replace(local.a3, "", local.a3)
  a5 = replace(local.a4, "", local.a4)
  a6 = replace(local.a5, "", local.a5)
  a7 = replace(local.a6, "", local.a6)
}

resource "aws_bedrockagent_agent" "x" {
  agent_name       = "x"
  foundation_model = local.a7
}
