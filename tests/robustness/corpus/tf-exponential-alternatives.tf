# Regression: coalesce() alternatives multiply by 30 per level.
variable "v" {}
locals {
  a0 = coalesce(var.v, "anthropic.claude-3-haiku-20240307-v1:0")
  a1 = coalesce(local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0)
  a2 = coalesce(local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1)
  a3 = coalesce(local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2)
  a4 = coalesce(local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3)
  a5 = coalesce(local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4)
  a6 = coalesce(local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5)
  a7 = coalesce(local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6)
}

resource "aws_bedrockagent_agent" "x" {
  agent_name       = "x"
  foundation_model = local.a7
}
