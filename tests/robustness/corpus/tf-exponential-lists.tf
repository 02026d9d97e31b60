# Regression: concat() of the previous list 30 times per level: 30^7 elements.
locals {
  a0 = ["anthropic.claude-3-haiku-20240307-v1:0"]
  a1 = concat(local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0)
  a2 = concat(local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1)
  a3 = concat(local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2)
  a4 = concat(local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3)
  a5 = concat(local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4)
  a6 = concat(local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5)
  a7 = concat(local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6)
}

resource "aws_bedrockagent_agent" "x" {
  agent_name       = "x"
  foundation_model = local.a7
}
