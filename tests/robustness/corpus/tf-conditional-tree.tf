# Regression: a conditional with an unknown condition keeps both branches; 30 levels of
# them are a tree of 2^30 values when copied through each reference.
variable "c" {}
locals {
  a0 = "anthropic.claude-3-haiku-20240307-v1:0"
  a1 = var.c ? local.a0 : local.a0
  a2 = var.c ? local.a1 : local.a1
  a3 = var.c ? local.a2 : local.a2
  a4 = var.c ? local.a3 : local.a3
  a5 = var.c ? local.a4 : local.a4
  a6 = var.c ? local.a5 : local.a5
  a7 = var.c ? local.a6 : local.a6
  a8 = var.c ? local.a7 : local.a7
  a9 = var.c ? local.a8 : local.a8
  a10 = var.c ? local.a9 : local.a9
  a11 = var.c ? local.a10 : local.a10
  a12 = var.c ? local.a11 : local.a11
  a13 = var.c ? local.a12 : local.a12
  a14 = var.c ? local.a13 : local.a13
  a15 = var.c ? local.a14 : local.a14
  a16 = var.c ? local.a15 : local.a15
  a17 = var.c ? local.a16 : local.a16
  a18 = var.c ? local.a17 : local.a17
  a19 = var.c ? local.a18 : local.a18
  a20 = var.c ? local.a19 : local.a19
  a21 = var.c ? local.a20 : local.a20
  a22 = var.c ? local.a21 : local.a21
  a23 = var.c ? local.a22 : local.a22
  a24 = var.c ? local.a23 : local.a23
  a25 = var.c ? local.a24 : local.a24
  a26 = var.c ? local.a25 : local.a25
  a27 = var.c ? local.a26 : local.a26
  a28 = var.c ? local.a27 : local.a27
  a29 = var.c ? local.a28 : local.a28
}

resource "aws_bedrockagent_agent" "x" {
  agent_name       = "x"
  foundation_model = local.a29
}
