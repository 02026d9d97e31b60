data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

# Claude Sonnet 4.6 through the EU cross-region profile; tags come from default_tags.
resource "aws_bedrock_inference_profile" "chat" {
  name        = "acme-chat-claude-sonnet-4-6"
  description = "ACME chat assistant on Claude Sonnet 4.6 via the EU cross-region profile"

  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:${local.account_id}:inference-profile/eu.anthropic.claude-sonnet-4-6"
  }

  lifecycle {
    create_before_destroy = true
  }
}

data "aws_iam_policy_document" "invoke" {
  statement {
    sid       = "InvokeApplicationProfile"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = [aws_bedrock_inference_profile.chat.arn]
  }

  # A geo profile also needs the system profile and the model in every EU destination.
  statement {
    sid     = "InvokeUnderlyingModel"
    actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = [
      "arn:aws:bedrock:eu-central-1:${local.account_id}:inference-profile/eu.anthropic.claude-sonnet-4-6",
      "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-sonnet-4-6",
      "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6",
      "arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-sonnet-4-6",
    ]
    condition {
      test     = "StringLike"
      variable = "bedrock:InferenceProfileArn"
      values   = [aws_bedrock_inference_profile.chat.arn]
    }
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "chat" {
  name               = "acme-chat"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "chat_bedrock" {
  role   = aws_iam_role.chat.id
  policy = data.aws_iam_policy_document.invoke.json
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
      BEDROCK_INFERENCE_PROFILE_ARN = aws_bedrock_inference_profile.chat.arn
      MAX_TOKENS                    = "1024"
    }
  }
}
