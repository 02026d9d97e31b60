data "aws_caller_identity" "current" {}

# Untagged profile, generic name, copied from a US system profile.
resource "aws_bedrock_inference_profile" "chat" {
  name        = "chat-profile"
  description = "Chat assistant"

  model_source {
    copy_from = "arn:aws:bedrock:us-east-1:${data.aws_caller_identity.current.account_id}:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0"
  }
}

resource "aws_iam_role" "chat" {
  name = "acme-chat"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "chat_bedrock" {
  role = aws_iam_role.chat.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["bedrock:*"], Resource = "*" }]
  })
}

resource "aws_lambda_function" "chat" {
  function_name = "acme-chat"
  role          = aws_iam_role.chat.arn
  runtime       = "python3.12"
  handler       = "app.chat.handler"
  filename      = "${path.module}/../build/chat.zip"
  timeout       = 60

  environment {
    variables = {
      CHAT_MODEL_ID = "anthropic.claude-sonnet-4-6"
      MAX_TOKENS    = "1024"
    }
  }
}
