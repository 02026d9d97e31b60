resource "aws_ssm_parameter" "m" {
  name  = "model"
  value = <<EOT
anthropic.claude-3-haiku-20240307-v1:0
