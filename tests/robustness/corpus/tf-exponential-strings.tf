# Regression: each local repeats the previous one 30 times; the value is 30^7 model IDs
# long. Before the fix: minutes of work and memory until the OOM killer.
locals {
  a0 = "anthropic.claude-3-haiku-20240307-v1:0"
  a1 = "${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}${local.a0}"
  a2 = "${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}${local.a1}"
  a3 = "${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}${local.a2}"
  a4 = "${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}${local.a3}"
  a5 = "${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}${local.a4}"
  a6 = "${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}${local.a5}"
  a7 = "${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}${local.a6}"
}

resource "aws_bedrockagent_agent" "x" {
  agent_name       = "x"
  foundation_model = local.a7
}
